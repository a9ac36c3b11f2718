from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "nashir.live"
    verbose_name = "التغطية المباشرة"

    def ready(self):
        from nashir.news.badges import register_live_source

        from . import api_views, cards, signals  # noqa: F401

        api_views.register()
        register_live_source(cards.live_now_ids)
