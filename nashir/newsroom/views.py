import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from nashir.core import pagecache
from nashir.core.pagecache import page_key
from nashir.news.models import ArticlePage

from .readcounts import MOST_READ_KEY, record_read
from .templatetags.newsroom_tags import most_read_context

LIVE_TTL = 300
NOT_COUNTED_AGENTS = ("bot", "crawl", "spider", "preview", "headless")


def _client_digest(request):
    """A short-lived token per reader address for rate limiting; the address itself is not kept.

    Behind a proxy the nearest one appends the reader's address last to X-Forwarded-For.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    address = forwarded.rsplit(",", 1)[-1].strip() or request.META.get("REMOTE_ADDR", "")
    day = timezone.now().strftime("%Y%m%d")
    return hashlib.sha256(f"{settings.SECRET_KEY}:{day}:{address}".encode()).hexdigest()[:20]


def _is_live(article_id):
    key = f"nashir:reads:live:{article_id}"
    live = cache.get(key)
    if live is None:
        live = ArticlePage.objects.published().filter(pk=article_id).exists()
        cache.set(key, live, LIVE_TTL)
    return live


def _too_many(request):
    minute = timezone.now().strftime("%H%M")
    key = f"nashir:reads:rate:{_client_digest(request)}:{minute}"
    if cache.add(key, 1, 90):
        return False
    try:
        return cache.incr(key) > settings.NASHIR_BEACON_RATE_PER_MINUTE
    except ValueError:
        return False


def _empty(status):
    response = HttpResponse(status=status)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_POST
def read_beacon(request, article_id):
    """One read of a live article for «الأكثر قراءة»; sets no cookie and keeps nothing personal."""
    if not _is_live(article_id):
        return _empty(404)
    agent = request.META.get("HTTP_USER_AGENT", "").lower()
    if any(word in agent for word in NOT_COUNTED_AGENTS):
        return _empty(204)
    if _too_many(request):
        return _empty(429)
    record_read(article_id)
    return _empty(204)


def most_read_block(request):
    """«الأكثر قراءة» on its own, for the script on cached pages to show it current.

    Kept by the page cache like a page (nginx or PageCacheApp serve it, no Python) and purged by
    each flush that changed the counts, so a page cached an hour ago still shows the lists as
    they are now, at the cost of one small cached file per page view; the page's own copy of
    the block stays for readers without JavaScript.
    """
    context = {**most_read_context(request), "alone": True}
    pagecache.depends_on(
        request, MOST_READ_KEY, *(page_key(a) for a in [*context["day"], *context["week"]])
    )
    return render(request, "components/most_read.html", context)
