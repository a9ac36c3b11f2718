from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from taggit.models import Tag

from nashir.core import pagecache
from nashir.core.pagecache import page_key

from .models import ArticlePage, expires_with_breaking, paginate
from .templatetags.news_tags import ticker_entries


def tag_page(request, slug):
    """All published articles carrying one tag, newest first."""
    tag = get_object_or_404(Tag, slug=slug)
    articles = paginate(
        request, ArticlePage.objects.published().for_listing().filter(tagged_items__tag=tag)
    )
    pagecache.depends_on(request, f"tag:{tag.pk}", *map(page_key, articles))
    expires_with_breaking(request, articles)
    return render(request, "pages/tag_page.html", {"tag": tag, "articles": articles})


@require_safe
def ticker_json(request):
    """«آخر الأخبار» as JSON, so the ticker on a cached page refreshes itself without a reload."""
    response = JsonResponse({"items": ticker_entries()}, json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, public=True, max_age=30)
    return response
