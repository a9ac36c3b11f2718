from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import aliases
from .models import AliasGroup


@receiver([post_save, post_delete], sender=AliasGroup)
def aliases_changed(**kwargs):
    aliases.invalidate()
