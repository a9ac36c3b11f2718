"""Serve cached pages straight from WSGI: the embedded tier, without nginx and without Django."""

import logging
import os
import time
from email.utils import formatdate

from django.conf import settings

from . import pagecache

logger = logging.getLogger(__name__)

SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/", "/comments/", "/api/")


class PageCacheApp:
    def __init__(self, django_app):
        self.django_app = django_app
        self.root = str(pagecache.cache_root())
        self.max_age = settings.NASHIR_PAGE_CACHE_TTL
        self.enabled = pagecache.enabled()

    def __call__(self, environ, start_response):
        if self.enabled and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            try:
                served = self.serve_cached(environ, start_response)
            except OSError:  # the file tier failing is a miss: Django answers the reader
                logger.warning("page cache: could not read a cached page", exc_info=True)
                served = None
            except Exception:  # a bug here must cost a render, not the reader's page
                logger.exception("page cache: serving %r failed", environ.get("PATH_INFO"))
                served = None
            if served is not None:
                return served
        return self.django_app(environ, start_response)

    def serve_cached(self, environ, start_response):
        cookie = environ.get("HTTP_COOKIE", "")
        if cookie and any(name in cookie for name in pagecache.BYPASS_COOKIES):
            return None
        try:
            path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8")
        except UnicodeError:
            return None
        if path.startswith(SKIP_PREFIXES):
            return None
        query = environ.get("QUERY_STRING", "")
        for content_type in ("text/html", "application/rss+xml"):
            rel = pagecache.relative_file(path, query, content_type)
            if rel is None:
                return None
            file = os.path.join(self.root, rel)
            try:
                stat = os.stat(file)
            except (FileNotFoundError, NotADirectoryError):
                continue
            except OSError:  # e.g. a name too long for the disk: not cached, so not here
                return None
            if time.time() - stat.st_mtime > self.max_age:
                return None
            return self.respond(environ, start_response, file, stat, rel)
        return None

    def respond(self, environ, start_response, file, stat, rel):
        etag = pagecache.etag_for(stat)
        headers = [
            ("Cache-Control", "public, max-age=0, must-revalidate"),
            ("ETag", etag),
            ("Last-Modified", formatdate(stat.st_mtime, usegmt=True)),
            ("X-Page-Cache", "hit"),
        ]
        if environ.get("HTTP_IF_NONE_MATCH") == etag:
            start_response("304 Not Modified", headers)
            return [b""]
        try:
            with open(file, "rb") as handle:
                body = handle.read()
        except OSError:  # purged meanwhile, or unreadable: Django renders it
            return None
        content_type = (
            "application/xml; charset=utf-8" if rel.endswith(".xml") else "text/html; charset=utf-8"
        )
        headers += [("Content-Type", content_type), ("Content-Length", str(len(body)))]
        headers += SECURITY_HEADERS
        csp = getattr(settings, "NASHIR_CSP", "")
        if csp:
            headers.append(("Content-Security-Policy", csp))
        start_response("200 OK", headers)
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else body]


SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
]
