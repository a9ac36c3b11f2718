"""Shared helpers: an article's body as stand-alone HTML, absolute URLs, the publisher's logo.

Feeds and the API hand an article to software that is not on our site, so every link and image in it
must carry the site's address. The body is rendered once per published revision (at publish time,
see ``signals.py``) and kept in the cache; a request only swaps in the host name.
"""

import re

from django.core.cache import cache
from django.templatetags.static import static

BODY_CACHE_TIMEOUT = 7 * 24 * 3600
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


def _body_cache_key(article):
    return f"nashir:article-body-html:{article.pk}:{article.live_revision_id}"


def render_body_html(article):
    """The body blocks through their own templates, with root-relative URLs."""
    html = str(article.body)
    cache.set(_body_cache_key(article), html, BODY_CACHE_TIMEOUT)
    return html


def body_html(article, request):
    """The full text with absolute URLs, from the cache when the revision was seen before."""
    html = cache.get(_body_cache_key(article))
    if html is None:
        html = render_body_html(article)
    return absolutize_html(html, site_root(request))


def publisher_logo(request, branding):
    """The logo Google asks for: the uploaded one as a PNG rendition, else the bundled PNG."""
    if branding is not None and branding.logo_id:
        rendition = branding.logo.get_rendition("max-600x600|format-png")
        return {
            "url": absolute(request, rendition.url),
            "width": rendition.width,
            "height": rendition.height,
        }
    return {"url": absolute(request, static("img/logo.png")), "width": 512, "height": 512}
