"""System checks for the settings an operator must get right before editors rely on them."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.http.request import split_domain_port, validate_host


@register()
def check_base_url(app_configs=None, **kwargs):
    """NASHIR_BASE_URL is the address in every e-mail: an origin this server answers to."""
    url = getattr(settings, "NASHIR_BASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        return [
            Error(
                f"NASHIR_BASE_URL must be the site's origin, e.g. https://news.example.org "
                f"(got {url!r}).",
                id="nashir.E001",
            )
        ]
    host, _ = split_domain_port(parts.netloc)
    if not validate_host(host, settings.ALLOWED_HOSTS):
        return [
            Warning(
                f"NASHIR_BASE_URL points at {host}, which is not in ALLOWED_HOSTS: links in "
                "e-mails would lead to a server that refuses them.",
                id="nashir.W001",
            )
        ]
    return []
