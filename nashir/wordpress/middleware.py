from django.db.models import F
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

# The query-string links WordPress answers on its front page: /?p=123, /?cat=4, …
LEGACY_KEYS = ("attachment_id", "author", "cat", "p", "page_id", "tag")


def legacy_query_path(query):
    """``/?p=12`` in the form the importer stores it, from a request's or a link's query."""
    pairs = sorted(f"{key}={query[key]}" for key in LEGACY_KEYS if query.get(key))
    return "/?" + "&".join(pairs) if pairs else None


class LegacyQueryRedirectMiddleware:
    """Answer WordPress's ``/?p=123`` links with the imported article.

    Wagtail's redirect middleware only steps in on a 404, and ``/`` is the home page, which
    always answers; so links to the front page with a WordPress id are looked up here, before
    the page is served. Any other request costs nothing.

    Like Wagtail's own, a redirect of the request's Site wins over one for every site: two
    WordPress sites imported into one nashir each answer their ``/?p=123`` on their host name.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and request.GET and request.method in ("GET", "HEAD"):
            old_path = legacy_query_path(request.GET)
            if old_path:
                site = Site.find_for_request(request)
                redirect = (
                    Redirect.get_for_site(site)
                    .filter(old_path=old_path)
                    .select_related("redirect_page")
                    .order_by(F("site_id").desc(nulls_last=True))
                    .first()
                )
                if redirect and redirect.link:
                    response_class = (
                        HttpResponsePermanentRedirect
                        if redirect.is_permanent
                        else HttpResponseRedirect
                    )
                    return response_class(redirect.link)
        return self.get_response(request)
