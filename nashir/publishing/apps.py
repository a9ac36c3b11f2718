from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """What happens after the desk publishes: one pipeline, in one module (pipeline.py)."""

    name = "nashir.publishing"
    verbose_name = _("النشر")

    def ready(self):
        from . import pipeline

        pipeline.connect()
