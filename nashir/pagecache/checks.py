from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.database)
def site_address_matches_base_url(app_configs, databases=None, **kwargs):
    """Pages are kept only for requests to their Site's own address: a default Site that
    does not say where readers come (NASHIR_BASE_URL) means nothing is ever kept.

    A database check: `migrate` and `check --database default` run it (it reads the Site)."""
    from django.db import DatabaseError
    from wagtail.models import Site

    base = getattr(settings, "NASHIR_BASE_URL", "")
    if not base or not databases:
        return []
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:  # not migrated yet
        return []
    wanted = urlsplit(base)
    if site is None or site.root_url.lower() == f"{wanted.scheme}://{wanted.netloc}".lower():
        return []
    return [
        Warning(
            f"The default Site's address is {site.root_url}, but NASHIR_BASE_URL is {base}: "
            "pages readers open at NASHIR_BASE_URL are never kept in the page cache.",
            hint="Set the Site's host name and port in the admin (Settings → Sites), or run "
            "'manage.py ensure_admin', which sets them from NASHIR_BASE_URL.",
            id="nashir.pagecache.W001",
        )
    ]
