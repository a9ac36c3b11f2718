"""Rendering ahead: after a publish the worker renders what readers open first (the article,
its section, the home page), so the first of them is served a kept page instead of waiting.

Pages are rendered through the full middleware stack as an anonymous reader's request at the
page's own Site address, which is the only address whose pages are kept (`sites.root_of`).
"""

import io
import logging
from urllib.parse import unquote, urlsplit

from django.conf import settings

logger = logging.getLogger("nashir.pagecache")

_handler = None


def enabled():
    return getattr(settings, "NASHIR_PRERENDER", True) and (
        getattr(settings, "NASHIR_PAGE_CACHE", True)
        or getattr(settings, "NASHIR_FRAGMENT_CACHE", True)
    )


def urls_of(pages):
    """Absolute addresses of these pages at their Site's root, once each, in order."""
    urls = []
    for page in pages:
        parts = page.get_url_parts() if page is not None else None
        if parts is None:
            continue
        _, root_url, path = parts
        if root_url and f"{root_url}{path}" not in urls:
            urls.append(f"{root_url}{path}")
    return urls


def render(urls):
    """Render each address as a reader's GET would; {url: status, or None if it failed}."""
    from django.core.handlers.base import BaseHandler
    from django.utils import translation

    global _handler
    if _handler is None:
        handler = BaseHandler()
        handler.load_middleware()
        _handler = handler
    served = {}
    with translation.override(settings.LANGUAGE_CODE):
        for url in urls:
            if url.startswith("http://") and getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
                # Readers come through the TLS proxy: pages rendered at http:// would carry
                # http:// links. The Site must say port 443 (docs/deploy.md).
                logger.warning("page cache: not rendering %s ahead (behind TLS: port 443)", url)
                served[url] = None
                continue
            try:
                served[url] = _handler.get_response(_reader_request(url)).status_code
            except Exception:  # the first reader renders it instead
                logger.exception("page cache: could not render %s ahead", url)
                served[url] = None
    return served


def _reader_request(url):
    from django.core.handlers.wsgi import WSGIRequest

    parts = urlsplit(url)
    host = parts.netloc
    environ = {
        "REQUEST_METHOD": "GET",
        # As a server hands it over: percent-decoded, UTF-8 bytes as latin-1 (PEP 3333).
        "PATH_INFO": unquote(parts.path).encode("utf-8").decode("latin-1"),
        "QUERY_STRING": parts.query,
        "SERVER_NAME": parts.hostname or "",
        "SERVER_PORT": str(parts.port or (443 if parts.scheme == "https" else 80)),
        "HTTP_HOST": host,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": parts.scheme,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header and parts.scheme == "https":
        environ[proxy_header[0]] = proxy_header[1]  # as nginx tells the app servers
    return WSGIRequest(environ)
