"""Absolute links: feeds, the API, share buttons and structured data hand addresses to software
that is not on our site, so they must carry the site's address."""

import re

_RELATIVE_URL = re.compile(r'(\s(?:href|src)=")/(?!/)')


def site_root(request):
    """``https://host`` as the reader reached us (the host is checked against ALLOWED_HOSTS)."""
    return request.build_absolute_uri("/").rstrip("/")


def absolute(request, url):
    if not url or "://" in url or url.startswith("//"):
        return url
    return site_root(request) + url


def absolutize_html(html, root):
    """Point every root-relative ``href``/``src`` at ``root``."""
    return _RELATIVE_URL.sub(rf"\1{root}/", html)
