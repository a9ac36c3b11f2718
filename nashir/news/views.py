from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from taggit.models import Tag

from nashir.pagecache import Key, depends_on, valid_until

from .models import ArticlePage, paginate, shows_articles
from .templatetags.news_tags import TICKER, ticker_kept


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
    """«آخر الأخبار» as JSON, so the ticker on a cached page refreshes itself without a reload.

    Every open page asks for it each minute: it is kept in the page cache like a page (at
    /ticker/, served by nginx), purged with the ticker and never kept past its own minute or
    a «عاجل» mark's end. /ticker.json, which pages cached before asked for, answers the same.
    """
    kept = ticker_kept(request)
    depends_on(request, *TICKER.purged_by, *(Key.headline(item["id"]) for item in kept["entries"]))
    valid_until(request, kept["valid_until"])
    response = JsonResponse({"items": kept["entries"]}, json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, public=True, max_age=30)
    return response
