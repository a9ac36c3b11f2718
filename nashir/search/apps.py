from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "nashir.search"
    label = "search"
    verbose_name = _("البحث")

    def ready(self):
        from . import checks, signals  # noqa: F401  (index check; alias cache invalidation)
