from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from . import upkeep


@receiver([page_published, page_unpublished])
def keep_database_tuned(**kwargs):
    """The archive changed size: statistics and search index are tuned once it has grown enough."""
    transaction.on_commit(upkeep.check_now_and_then)
