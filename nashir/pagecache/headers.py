"""The headers a kept page is served with, by every tier."""

from django.conf import settings

#: Browsers revalidate every time (a 304 when nothing changed); shared caches in front of
#: nashir (Varnish, a CDN) keep the page for at most s-maxage, and are purged by key before.
CACHE_CONTROL = "public, max-age=0, must-revalidate"

SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
]


def etag_for(stat):
    return f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'


def shared_cache_control(seconds):
    """Cache-Control for a page a shared cache may keep `seconds` (purged by key before)."""
    return f"{CACHE_CONTROL}, s-maxage={max(int(seconds), 0)}"


def surrogate_keys(response, keys):
    """Tell shared caches what the page shows: Varnish's xkey, a CDN's cache tags."""
    value = " ".join(sorted(keys))
    for name in getattr(settings, "NASHIR_SURROGATE_KEY_HEADERS", ("xkey",)):
        response[name] = value
