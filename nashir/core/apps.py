from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "nashir.core"
    verbose_name = "ناشر"

    def ready(self):
        from django.urls import register_converter

        from .ids import PageIdConverter

        register_converter(PageIdConverter, "page_id")
