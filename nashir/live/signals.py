"""An entry published, edited or deleted: purge what shows its live page, re-index the page.

Entries are not pages, so Wagtail's publishing signals (and nashir.publishing's chain) never
see them; this is their own short chain. The page itself is not republished.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.search import index as search_index

from nashir.pagecache import purge
from nashir.publishing.pipeline import is_suspended

from .models import LiveCoveragePage, LiveEntry, only_revision_pointer

logger = logging.getLogger("nashir.live")


@receiver(post_save, sender=LiveEntry, dispatch_uid="nashir-live-entry-saved")
@receiver(post_delete, sender=LiveEntry, dispatch_uid="nashir-live-entry-deleted")
def entry_changed(sender, instance, update_fields=None, **kwargs):
    if is_suspended() or only_revision_pointer({"update_fields": update_fields}):
        return
    purge(*instance.page_cache_keys())
    transaction.on_commit(lambda: reindex(instance.page_id))


def reindex(page_id):
    """The live page's search text includes its entries (never fails the entry's publish)."""
    try:
        page = LiveCoveragePage.objects.filter(pk=page_id, live=True).first()
        if page is not None:
            search_index.insert_or_update_object(page)
    except Exception:
        logger.exception("live: re-indexing page %s failed", page_id)
