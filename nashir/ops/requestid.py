"""A request id in every log line and in the ``X-Request-ID`` response header.

The id comes from the trusted proxy (nginx sends its ``$request_id``, see deploy/nginx.conf)
when it looks like an id, else it is made here. A client talking to gunicorn directly cannot
choose it. The reader sees it on the 500 page, the operator finds it in the journal next to
the traceback (and in Sentry as the ``request_id`` tag), so one complaint leads to one trace.

Why not django-guid or django-log-request-id: both accept the header from any client, and
neither knows nashir's trusted proxies; what they do beyond that is these forty lines.
"""

import contextvars
import logging
import re
import time
import uuid

from .security import is_trusted_proxy

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
#: An id from the proxy is taken when it is 8–64 letters, digits, "-", "_" or "." (nginx's
#: $request_id is 32 hex digits); anything else (spaces, quotes, a novel) is replaced.
SANE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

_current = contextvars.ContextVar("nashir_request_id", default=None)


def current_request_id():
    """The id of the request being served in this thread or task, or None outside one."""
    return _current.get()


def request_id_for(request):
    incoming = request.META.get(META_KEY, "")
    if (
        incoming
        and SANE_ID.fullmatch(incoming)
        and is_trusted_proxy(request.META.get("REMOTE_ADDR"))
    ):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE, so every log line of the request (the 500 traceback Django logs
    included) and every response carries the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request)
        token = _current.set(request.request_id)
        try:
            _tag_error_reports(request.request_id)
            response = self.get_response(request)
            response[HEADER] = request.request_id
            return response
        finally:
            _current.reset(token)


def _tag_error_reports(request_id):
    """Sentry, when it is on (SENTRY_DSN): the event of a failing request carries the id."""
    try:
        import sentry_sdk
    except ImportError:  # pragma: no cover — a dependency, but reporting is optional
        return
    if sentry_sdk.get_client().is_active():
        sentry_sdk.set_tag("request_id", request_id)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every log record ("-" outside a request: start-up, commands)."""

    def filter(self, record):
        record.request_id = _current.get() or "-"
        return True


class OncePerInterval(logging.Filter):
    """Lets one record of a logger through per interval (per process): an outage logged on
    every cache call would bury everything else in the journal."""

    def __init__(self, seconds=60):
        super().__init__()
        self.seconds = seconds
        self.last = {}

    def filter(self, record):
        now = time.monotonic()
        if now - self.last.get(record.name, -self.seconds) < self.seconds:
            return False
        self.last[record.name] = now
        return True
