"""Shared caches in front of nashir — Varnish, a CDN — purged through Wagtail's frontend-cache
backends (``WAGTAILFRONTENDCACHE``).

A backend that can purge by key (`VarnishXkeyBackend`: Varnish with the xkey vmod, see
deploy/varnish.vcl) drops every page showing a changed thing at once, whichever app machine
rendered it. Any other Wagtail backend (Cloudflare, CloudFront, Azure, plain HTTP PURGE) is
given the addresses of the kept pages showing it, from the index.
"""

import logging
from urllib.error import URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.conf import settings
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.contrib.frontend_cache.utils import get_backends

from . import faults

logger = logging.getLogger("nashir.pagecache")


def configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def needs_addresses():
    """True when some backend purges by address: then every kept page's address is indexed."""
    return configured() and any(
        not hasattr(backend, "purge_keys") for backend in get_backends().values()
    )


def purge(keys, urls):
    """Purge these keys (and, for backends without keys, these addresses); False on failure."""
    if not configured():
        return True
    ok = True
    for name, backend in get_backends().items():
        try:
            if hasattr(backend, "purge_keys"):
                backend.purge_keys(sorted(keys))
            elif urls:
                backend.purge_batch(urls)
        except Exception as exc:  # noqa: BLE001 — retried by the worker
            faults.report(f"purge {name} of", ", ".join(sorted(keys)), exc)
            ok = False
    return ok


class _Purge(Request):
    def get_method(self):
        return "PURGE"


class VarnishXkeyBackend(BaseBackend):
    """Varnish with the xkey vmod (Debian: varnish-modules).

    ``LOCATION``: the Varnish address the app machines reach (``http://127.0.0.1:6081``);
    ``TIMEOUT``: seconds to wait for it (default 2). Keys go in one ``PURGE`` request with an
    ``xkey-purge`` header, which deploy/varnish.vcl hands to ``xkey.purge()``. Errors are
    raised, so that the purge is retried.
    """

    def __init__(self, params):
        super().__init__(params)
        location = urlsplit(params["LOCATION"])
        self.scheme, self.netloc = location.scheme, location.netloc
        self.timeout = float(params.get("TIMEOUT", 2))

    def _send(self, path, headers):
        request = _Purge(urlunsplit([self.scheme, self.netloc, path, "", ""]), headers=headers)
        try:
            with urlopen(request, timeout=self.timeout) as response:  # noqa: S310 — our LOCATION
                response.read()
        except URLError as exc:
            raise ConnectionError(f"Varnish at {self.netloc} did not purge: {exc}") from exc

    def purge_keys(self, keys):
        for start in range(0, len(keys), 100):  # header lines stay short
            self._send("/", {"xkey-purge": " ".join(keys[start : start + 100])})

    def purge(self, url):
        parts = urlsplit(url)
        self._send(parts.path + (f"?{parts.query}" if parts.query else ""), {"Host": parts.netloc})
