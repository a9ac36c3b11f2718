"""Which requests may fill a cache: only those that came to the site's own address.

A page carries its address in canonical links, share links and structured data. A request
with another Host header or scheme (a second port, a forged X-Forwarded-Proto) is answered
but never kept, so no reader can write what other readers get.
"""


def site_of(request):
    site = getattr(request, "_wagtail_site", None)
    if site is None:
        from wagtail.models import Site

        site = Site.find_for_request(request)
    return site


def root_of(request):
    """The id of the request's Site when the request came to that Site's own root URL."""
    site = site_of(request)
    if site is None:
        return None
    try:
        asked = f"{request.scheme}://{request.get_host()}".lower()
    except Exception:  # noqa: BLE001 — a disallowed host is Django's to answer
        return None
    return site.pk if asked == site.root_url.lower() else None
