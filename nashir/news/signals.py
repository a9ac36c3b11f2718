from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction

from .models import PRIVATE_PATHS_KEY


@receiver([post_save, post_delete], sender=PageViewRestriction)
def forget_private_paths(**kwargs):
    cache.delete(PRIVATE_PATHS_KEY)
