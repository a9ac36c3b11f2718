"""An entry published, edited or deleted: purge what shows its live page, render the poll
fragments again at once, re-index the page.

Entries are not pages, so Wagtail's publishing signals (and nashir.publishing's chain) never
see them; this is their own short chain. The page itself is not republished.

Rendering ahead matters here more than anywhere: every open page polls, so between the purge
and the first render each poll would reach Python. The fragments readers ask for next (those
after the last few entries) are rendered in the editor's request, right after the commit; the
page itself by the worker.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from wagtail.search import index as search_index

from nashir.pagecache import prerender, purge
from nashir.pagecache.tasks import render_ahead as render_ahead_task
from nashir.publishing.pipeline import is_suspended

from .models import LiveCoveragePage, LiveEntry, only_revision_pointer

logger = logging.getLogger("nashir.live")

#: Readers are at most a few entries behind between two polls: their next fragments.
RENDER_AHEAD_BEHIND = 2


@receiver(post_save, sender=LiveEntry, dispatch_uid="nashir-live-entry-saved")
@receiver(post_delete, sender=LiveEntry, dispatch_uid="nashir-live-entry-deleted")
def entry_changed(sender, instance, update_fields=None, **kwargs):
    if is_suspended() or only_revision_pointer({"update_fields": update_fields}):
        return
    purge(*instance.page_cache_keys())
    transaction.on_commit(lambda: after_commit(instance.page_id))


def after_commit(page_id):
    """Never fails the entry's publish: a failure here costs readers a render, not the entry."""
    try:
        page = LiveCoveragePage.objects.live().filter(pk=page_id).first()
        if page is None:
            return
        render_ahead(page)
        search_index.insert_or_update_object(page)
    except Exception:
        logger.exception("live: after publishing an entry of page %s", page_id)


def render_ahead(page):
    if not prerender.enabled():
        return
    [page_url] = prerender.urls_of([page]) or [None]
    if page_url is None:
        return
    root = page_url[: -len(page.get_url_parts()[2])]
    latest = page.latest_number
    numbers = range(max(0, latest - RENDER_AHEAD_BEHIND), latest + 1)
    prerender.render([root + reverse("live_since", args=[page.pk, n]) for n in numbers])
    render_ahead_task.enqueue([page_url])
