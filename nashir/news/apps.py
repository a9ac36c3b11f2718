from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "nashir.news"
    verbose_name = "الأخبار"

    def ready(self):
        from . import signals  # noqa: F401
