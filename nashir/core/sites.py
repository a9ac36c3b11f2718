"""The site a request is for, with its home page and site settings, in one cache read.

Wagtail finds the Site with a CASE-ordered query on every request, then loads its home page,
then each site setting (branding, comment rules) with a query of its own: four queries and
about 3 ms of ORM work before a page starts rendering. They change a few times a year, so
they are kept as a page-cache fragment (pickled, so every request gets its own copies) that any
change of a Site, a site setting or the home page purges (nashir.publishing).
"""

from django.http.request import split_domain_port
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry
from wagtail.models import Site

from nashir.pagecache import Fragment, Key

#: Purged with the whole site (a Site, the home page, the branding) and with the comment rules.
SITES = Fragment("sites", purged_by=[Key.COMMENT_RULES], timeout=None)


def _entry(request):
    """What Wagtail would find for this request: the Site (its root page specific) and settings."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    site.root_page = site.root_page.localized.specific
    settings = {
        model.get_cache_attr_name(): model.for_site(site)
        for model in registry
        if issubclass(model, BaseSiteSetting)
    }
    return {"site": site, "settings": settings}


def _address(known, hostname, port):
    """The key a request's Site is kept under: what Wagtail's choice depends on, nothing more.

    Wagtail picks a Site by the exact (hostname, port) of a Site record, else by the hostname,
    else the default Site; so any other port or hostname is the same choice as all the others.
    Two entries per Site record at most (plus one for «any other»), however many ports and
    hostnames requests come with: kept per host and port, this fragment, read and unpickled on
    every request, grew by one entry per app server port ever used (26 on the bench's site:
    2.2 ms a request) and, with a wildcard in ALLOWED_HOSTS, per hostname a reader invents.
    """
    port = int(port) if str(port).isdigit() else port
    if (hostname, port) in known:
        return (hostname, port)
    if any(name == hostname for name, _ in known):
        return (hostname, "*")
    return ("*", "*")


def attach(request):
    """Give the request its Site and site settings as Wagtail caches them on a request.

    If the cache is down the request goes on without them: Wagtail looks them up itself where
    a view needs them. If the database is down too, /health/ reports what is wrong.
    """
    hostname, port = split_domain_port(request._get_raw_host())[0], request.get_port()
    kept = SITES.get() or {}
    try:
        if "known" not in kept:
            kept = {"known": set(Site.objects.values_list("hostname", "port")), "entries": {}}
        address = _address(kept["known"], hostname, port)
        if address not in kept["entries"]:
            kept["entries"][address] = _entry(request)
            SITES.set(kept)
    except Exception:  # noqa: BLE001 — the views report a database outage themselves
        return
    entry = kept["entries"][address]
    if entry is None:
        return
    request._wagtail_site = entry["site"]
    for attr_name, instance in entry["settings"].items():
        instance._request = request
        setattr(request, attr_name, instance)


class SiteMiddleware:
    """Sets request._wagtail_site and the site settings from the cache before any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        attach(request)
        return self.get_response(request)


def align_default_site(base_url, only_placeholder=False):
    """Point the default Site at the public base URL (NASHIR_BASE_URL), where readers come.

    Pages are kept only for requests to their Site's own address, and `make run` serves at
    whatever address PORT says. With `only_placeholder`, a Site an operator set stays as it is:
    only Wagtail's first «localhost:80» is changed. Returns True if the Site changed.
    """
    from urllib.parse import urlsplit

    address = urlsplit(base_url)
    if not address.hostname:
        return False
    port = address.port or (443 if address.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (address.hostname, port):
        return False
    if only_placeholder and (site.hostname, site.port) != ("localhost", 80):
        return False
    site.hostname, site.port = address.hostname, port
    site.save()
    return True
