"""The «مباشر» badge on teaser cards and in the ticker: which live pages are on now
(registered with nashir.news.badges when the app starts)."""

from nashir.pagecache import Fragment, Key

#: Ids of the live pages whose coverage is on. Any publish, unpublish or delete of an article
#: or a live page purges Key.HOME, so a status change drops it at once.
LIVE_NOW = Fragment("live-now", purged_by=[Key.HOME], timeout=3600)


def live_now_ids(request):
    """Read once per request, and from the shared cache: no query per listing render."""
    from .models import LiveCoveragePage

    if request is not None and hasattr(request, "_live_now_ids"):
        return request._live_now_ids
    ids = set(
        LIVE_NOW.get_or_set(
            lambda: list(
                LiveCoveragePage.objects.filter(
                    live=True, status=LiveCoveragePage.LIVE
                ).values_list("pk", flat=True)
            )
        )
    )
    if request is not None:
        request._live_now_ids = ids
    return ids


def is_live_now(request, article):
    """True for a live coverage page whose coverage is on."""
    pk = getattr(article, "pk", None)
    return pk is not None and pk in live_now_ids(request)
