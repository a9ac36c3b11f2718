"""Who the client is (one rule for the whole project) and the Arabic login-lockout page."""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.shortcuts import render


@lru_cache(maxsize=8)
def _networks(trusted):
    """``NASHIR_TRUSTED_PROXIES`` as networks: addresses ("127.0.0.1") or ranges ("10.0.0.0/8")."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in trusted if entry)


def _address(value):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def is_trusted_proxy(address):
    """True when `address` (a string) is one of the proxies whose forwarding headers we believe."""
    parsed = _address(address or "")
    return parsed is not None and any(
        parsed in network for network in _networks(tuple(settings.NASHIR_TRUSTED_PROXIES))
    )


def client_ip(request):
    """The reader's address, for every per-address decision in nashir (rate limits, comment
    prefixes, login throttling through django-axes).

    ``X-Forwarded-For`` is read only when the request came from a proxy in
    ``NASHIR_TRUSTED_PROXIES`` (loopback by default: nginx on the same machine), from the right:
    each trusted proxy appends the address it saw, so the first entry that is not a trusted
    proxy is the reader. Whatever a client writes into the header itself stays to the left of
    that entry and is never believed; talking to gunicorn directly, its own address counts.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed(forwarded.split(",")):
        address = _address(entry)
        if address is None:
            break  # garbage from further out: the last trusted hop is all we know
        remote = str(address)
        if not is_trusted_proxy(remote):
            return remote
    return remote


def locked_out(request, credentials=None, *args, **kwargs):
    """Too many failed admin logins: say so in Arabic, with HTTP 429."""
    return render(request, "ops/locked_out.html", status=429)
