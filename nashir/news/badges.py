"""Which listed articles carry a «مباشر» badge, asked of the apps that know.

The news app lists articles; page types built on the article (nashir.live's coverage pages)
know which of them are live now. They register a source here when they start
(`register_live_source`), so the listings, cards and ticker ask without importing them.
"""

_live_sources = []


def register_live_source(source):
    """`source(request)` → a set of page ids that are live now (read cheaply: it runs per card)."""
    if source not in _live_sources:
        _live_sources.append(source)


def live_now_ids(request):
    ids = set()
    for source in _live_sources:
        ids |= source(request)
    return ids


def is_live_now(request, article):
    pk = getattr(article, "pk", None)
    return pk is not None and pk in live_now_ids(request)
