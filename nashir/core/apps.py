from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "nashir.core"
    verbose_name = "ناشر"

    def ready(self):
        from .sites import connect_signals

        connect_signals()
