from . import pagecache


class PageCacheMiddleware:
    """Stores pages rendered for anonymous readers in the page cache, with validators.

    Serving from the cache happens before Django (`nashir.core.wsgi_cache.PageCacheApp` or nginx);
    this middleware only fills it, and only for responses whose view declared what they show.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started_at = pagecache.request_started_at(request)
        response = self.get_response(request)
        if (
            pagecache.enabled()
            and getattr(request, "page_cache_deps", None)
            and request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and pagecache.is_anonymous_request(request)
            and not getattr(request, "is_preview", False)
        ):
            if pagecache.store(request, response, started_at):
                response["X-Page-Cache"] = "stored"
            pagecache.cache_headers(response)
        return response
