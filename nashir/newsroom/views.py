import contextlib
import logging

from django.core.cache import cache
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from nashir.news.models import ArticlePage
from nashir.ops.ratelimit import over_limit

from .readcounts import record_read

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
