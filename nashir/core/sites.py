"""The site a request is for, with its home page and site settings, in one cache read.

Wagtail finds the Site with a CASE-ordered query on every request, then loads its home page,
then each site setting (branding, comment rules) with a query of its own: four queries and
about 3 ms of ORM work before a page starts rendering. They change a few times a year, so
they are kept in the shared cache (pickled, so every request gets its own copies) and
dropped whenever a Site, a site setting or the home page changes.
"""

import logging
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry
from wagtail.models import Site
from wagtail.signals import page_published, page_unpublished

SITES_KEY = "nashir:sites"

logger = logging.getLogger(__name__)


def _entry(request):
    """What Wagtail would find for this request: the Site (its root page specific) and settings."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    site.root_page = site.root_page.localized.specific
    settings = {
        model.get_cache_attr_name(): model.for_site(site)
        for model in registry
        if issubclass(model, BaseSiteSetting)
    }
    return {"site": site, "settings": settings}


def attach(request):
    """Give the request its Site and site settings as Wagtail caches them on a request.

    If the cache or the database is down, the request goes on without them: Wagtail looks
    them up itself where a view needs them, and /health/ can still report what is wrong.
    """
    host = (split_domain_port(request._get_raw_host())[0], request.get_port())
    try:
        sites = cache.get(SITES_KEY) or {}
        if host not in sites:
            sites[host] = _entry(request)
            cache.set(SITES_KEY, sites, None)
    except Exception:  # noqa: BLE001 — an outage is reported by /health/ and the views
        logger.warning("Site lookup cache unavailable", exc_info=True)
        return
    entry = sites[host]
    if entry is None:
        return
    request._wagtail_site = entry["site"]
    for attr_name, instance in entry["settings"].items():
        instance._request = request
        setattr(request, attr_name, instance)


def forget(**kwargs):
    """Drop the cached sites now and once the change is committed: a request between the two
    would otherwise put the old values back for good."""
    cache.delete(SITES_KEY)
    transaction.on_commit(lambda: cache.delete(SITES_KEY))


def forget_home_page(sender, instance, **kwargs):
    if instance.depth <= 2:  # a site's root page: its title and fields are in the cached entry
        forget()


class SiteMiddleware:
    """Sets request._wagtail_site and the site settings from the cache before any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Before anything is read for this request: a purge after this moment makes whatever
        # the request renders too old to keep (nashir.core.pagecache).
        request.page_cache_started_at = time.time()
        attach(request)
        return self.get_response(request)


def connect_signals():
    post_save.connect(forget, sender=Site, dispatch_uid="nashir-sites-save")
    post_delete.connect(forget, sender=Site, dispatch_uid="nashir-sites-delete")
    for model in registry:
        if issubclass(model, BaseSiteSetting):
            uid = f"nashir-sites-{model._meta.label_lower}"
            post_save.connect(forget, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(forget, sender=model, dispatch_uid=f"{uid}-delete")
    page_published.connect(forget_home_page, dispatch_uid="nashir-sites-home-published")
    page_unpublished.connect(forget_home_page, dispatch_uid="nashir-sites-home-unpublished")
