"""Login throttling glue for django-axes: who the client is, and the Arabic lockout page."""

from django.conf import settings
from django.shortcuts import render


def client_ip(request):
    """The reader's address: nginx's last X-Forwarded-For entry when the request came through it.

    The header is trusted only from the proxies in ``NASHIR_TRUSTED_PROXIES`` (loopback by
    default), so a client talking to gunicorn directly cannot pick its own address to dodge
    the lockout.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and remote in settings.NASHIR_TRUSTED_PROXIES:
        return forwarded.rsplit(",", 1)[-1].strip() or remote
    return remote


def locked_out(request, credentials=None, *args, **kwargs):
    """Too many failed admin logins: say so in Arabic, with HTTP 429."""
    return render(request, "ops/locked_out.html", status=429)
