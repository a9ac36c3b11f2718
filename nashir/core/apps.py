from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "nashir.core"
    verbose_name = "ناشر"

    def ready(self):
        from . import checks  # noqa: F401  (registers them)
        from .sites import connect_signals

        connect_signals()
