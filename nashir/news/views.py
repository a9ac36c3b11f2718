from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from taggit.models import Tag

from nashir.pagecache import Key

from .models import ArticlePage, paginate, shows_articles
from .templatetags.news_tags import ticker_entries


def tag_page(request, slug):
    """All published articles carrying one tag, newest first."""
    tag = get_object_or_404(Tag, slug=slug)
    articles = paginate(
        request, ArticlePage.objects.published().for_listing().filter(tagged_items__tag=tag)
    )
    shows_articles(request, articles, Key.tag(tag))
    return render(request, "pages/tag_page.html", {"tag": tag, "articles": articles})


@require_safe
def ticker_json(request):
    """«آخر الأخبار» as JSON, so the ticker on a cached page refreshes itself without a reload."""
    response = JsonResponse(
        {"items": ticker_entries(request)}, json_dumps_params={"ensure_ascii": False}
    )
    patch_cache_control(response, public=True, max_age=30)
    return response
