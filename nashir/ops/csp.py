"""Content-Security-Policy on the reader's pages: only our own scripts, styles and images run.

The policy string lives in ``settings.NASHIR_CSP`` so the page-cache tiers (PageCacheApp and
nginx, which serve cached pages without Django) send the very same header. Wagtail's admin
needs inline scripts and styles, so paths in ``NASHIR_CSP_EXEMPT_PREFIXES`` get none.

A preview is the one page the admin frames (the side panel «معاينة»): Wagtail renders it with
a request for the page's public path, marked ``is_preview``. It alone may be framed by the
site's own origin; every page a reader can reach keeps ``frame-ancestors 'none'``.
"""

from django.conf import settings

HEADER = "Content-Security-Policy"
NOT_FRAMED = "frame-ancestors 'none'"
FRAMED_BY_ADMIN = "frame-ancestors 'self'"


def policy_for(path, is_preview=False):
    """The policy for a URL path, or "" where none applies (the admin)."""
    policy = getattr(settings, "NASHIR_CSP", "")
    if not policy or path.startswith(tuple(getattr(settings, "NASHIR_CSP_EXEMPT_PREFIXES", ()))):
        return ""
    if is_preview:
        return policy.replace(NOT_FRAMED, FRAMED_BY_ADMIN)
    return policy


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = policy_for(request.path, is_preview=getattr(request, "is_preview", False))
        if policy and HEADER not in response:
            response[HEADER] = policy
        return response
