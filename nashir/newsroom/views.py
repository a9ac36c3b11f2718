import contextlib
import logging

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from nashir.news.models import ArticlePage
from nashir.ops.ratelimit import over_limit
from nashir.pagecache import Key, depends_on

from .readcounts import record_read
from .templatetags.newsroom_tags import most_read_context

logger = logging.getLogger(__name__)

LIVE_TTL = 300
NOT_COUNTED_AGENTS = ("bot", "crawl", "spider", "preview", "headless")


def _is_live(article_id):
    key = f"nashir:reads:live:{article_id}"
    try:
        live = cache.get(key)
    except Exception:  # noqa: BLE001 — the cache is down: ask the database
        live = None
    if live is None:
        live = ArticlePage.objects.published().filter(pk=article_id).exists()
        with contextlib.suppress(Exception):
            cache.set(key, live, LIVE_TTL)
    return live


def _empty(status):
    response = HttpResponse(status=status)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_POST
def read_beacon(request, article_id):
    """One read of a live article for «الأكثر قراءة»; sets no cookie and keeps nothing personal.

    Reads per address are limited ("read-beacon" in ``NASHIR_RATE_LIMITS``, the address from
    the trusted-proxy rule). Reads live in the cache: with the cache down the read is lost
    and the reader, who sees nothing of this request, still gets 204.
    """
    if not _is_live(article_id):
        return _empty(404)
    agent = request.META.get("HTTP_USER_AGENT", "").lower()
    if any(word in agent for word in NOT_COUNTED_AGENTS):
        return _empty(204)
    if over_limit(request, "read-beacon"):
        return _empty(429)
    try:
        record_read(article_id)
    except Exception as exc:  # noqa: BLE001
        logger.warning("read of article %s not counted, cache unavailable: %s", article_id, exc)
    return _empty(204)


def most_read_block(request):
    """«الأكثر قراءة» on its own, for the script on cached pages to show it current.

    Kept by the page cache like a page (nginx or PageCacheApp serve it, no Python) and purged by
    each flush that changed the counts, so a page cached an hour ago still shows the lists as
    they are now, at the cost of one small cached file per page view; the page's own copy of
    the block stays for readers without JavaScript.
    """
    context = {**most_read_context(request), "alone": True}
    depends_on(request, Key.MOST_READ, *(Key.page(a) for a in [*context["day"], *context["week"]]))
    return render(request, "components/most_read.html", context)
