"""The embedded tier: kept pages served straight from WSGI, before Django, as nginx would."""

import os
import time
from email.utils import formatdate
from stat import S_ISREG
from urllib.parse import parse_qs

from django.conf import settings

from . import faults, files, headers

SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/", "/comments/", "/api/")
BYPASS_COOKIES = ("sessionid=", "nashir_nocache=")


class PageCacheApp:
    """Wraps Django's WSGI application: a kept page is answered here, anything else goes on."""

    def __init__(self, django_app):
        self.django_app = django_app
        self.max_age = settings.NASHIR_PAGE_CACHE_TTL
        self.enabled = files.enabled()

    def __call__(self, environ, start_response):
        if self.enabled and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            try:
                served = self.serve_kept(environ, start_response)
            except Exception as exc:  # noqa: BLE001 — a bug here costs a render, not the page
                faults.report("serve", environ.get("PATH_INFO", ""), exc)
                served = None
            if served is not None:
                return served
        return self.django_app(environ, start_response)

    def serve_kept(self, environ, start_response):
        folder = os.fspath(settings.NASHIR_PAGE_CACHE_DIR)  # strings, not pathlib: per hit
        if files.is_marked_stale(self.max_age, folder):  # a purge could not delete a kept page
            return None
        cookie = environ.get("HTTP_COOKIE", "")
        if cookie and any(name in cookie for name in BYPASS_COOKIES):
            return None
        try:
            path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8")
        except UnicodeError:
            return None
        if path.startswith(SKIP_PREFIXES) or not path.endswith("/"):
            return None
        query = environ.get("QUERY_STRING", "")
        page = parse_qs(query).get("page", [None])[0] if "page=" in query else None
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        for kind in files.KINDS:
            rel = files.relative_file(host, path, files.page_suffix(page), kind)
            if rel is None:
                return None
            file = os.path.join(folder, rel)
            try:
                stat = os.stat(file)
            except (FileNotFoundError, NotADirectoryError):
                continue
            except OSError as exc:
                faults.report("read", file, exc)
                return None
            if not S_ISREG(stat.st_mode) or time.time() - stat.st_mtime > self.max_age:
                return None
            return self.respond(environ, start_response, file, stat, kind)
        return None

    def respond(self, environ, start_response, file, stat, kind):
        etag = headers.etag_for(stat)
        response_headers = [
            ("Cache-Control", headers.CACHE_CONTROL),
            ("ETag", etag),
            ("Last-Modified", formatdate(stat.st_mtime, usegmt=True)),
            ("X-Page-Cache", "hit"),
        ]
        if environ.get("HTTP_IF_NONE_MATCH") == etag:
            start_response("304 Not Modified", response_headers)
            return [b""]
        try:
            with open(file, "rb") as handle:
                body = handle.read()
        except OSError:  # purged meanwhile, or junk where a page belongs
            return None
        response_headers += [
            ("Content-Type", files.KINDS[kind]),
            ("Content-Length", str(len(body))),
        ]
        response_headers += headers.SECURITY_HEADERS
        csp = getattr(settings, "NASHIR_CSP", "")
        if csp:
            response_headers.append(("Content-Security-Policy", csp))
        start_response("200 OK", response_headers)
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else body]
