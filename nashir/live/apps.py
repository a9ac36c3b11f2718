from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "nashir.live"
    verbose_name = "التغطية المباشرة"

    def ready(self):
        from . import api_views, signals  # noqa: F401

        api_views.register()
