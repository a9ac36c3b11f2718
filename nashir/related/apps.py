from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelatedConfig(AppConfig):
    name = "nashir.related"
    label = "related"
    verbose_name = _("مقالات ذات صلة")

    def ready(self):
        from . import signals  # noqa: F401  (publish → recompute the lists)
