from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "nashir.pagecache"
    label = "pagecache"
    verbose_name = _("ذاكرة الصفحات")

    def ready(self):
        from . import checks  # noqa: F401  (system checks)
