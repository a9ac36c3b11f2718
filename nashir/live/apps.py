from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "nashir.live"
    verbose_name = "التغطية المباشرة"

    def ready(self):
        from . import signals  # noqa: F401
