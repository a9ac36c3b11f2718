"""One rate limiter for everything nashir counts per reader: comments, read beacons, ….

Counting is django-ratelimit's (fixed windows in the shared cache, one atomic ``add``/``incr``
per attempt, so every gunicorn worker and every app server on Redis sees one count). What
nashir adds: the rates come from one setting (``NASHIR_RATE_LIMITS``), the address is
`nashir.ops.security.client_ip` (the trusted-proxy rule), the cache keys never hold an address
(a keyed hash, as an IPv4 address could be found from a plain one), and the limiter **fails
open**: with the cache down a reader's comment or read is let through and a warning logged,
never a 500. Login throttling (django-axes) counts in the database and uses the same
`client_ip`.
"""

import ipaddress
import logging

from django.conf import settings
from django.utils.crypto import salted_hmac
from django_ratelimit.core import get_usage

from .rates import DEFAULT_RATES
from .security import client_ip

logger = logging.getLogger(__name__)


def rate_of(name):
    rates = getattr(settings, "NASHIR_RATE_LIMITS", DEFAULT_RATES)
    return rates.get(name, DEFAULT_RATES[name]) or None


def address_key(request):
    """The reader's network as the limit sees it: the address for IPv4, its /64 for IPv6 (one
    home or phone has a whole /64)."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"  # REMOTE_ADDR empty (a Unix socket without a proxy header)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def over_limit(request, name, value=None):
    """Count one attempt against limit `name`; True when it is over the rate.

    `value` is what is counted (an e-mail address); by default, the reader's address.
    """
    rate = rate_of(name)
    if rate is None:
        return False
    counted = address_key(request) if value is None else value
    secret = salted_hmac("nashir.ops.ratelimit", f"{name}:{counted}").hexdigest()
    try:
        usage = get_usage(
            request, group=name, key=lambda group, request: secret, rate=rate, increment=True
        )
    except Exception as exc:  # noqa: BLE001 — the cache is down: let the reader through
        logger.warning("rate limit %s not checked, cache unavailable: %s", name, exc)
        return False
    return bool(usage and usage["should_limit"])
