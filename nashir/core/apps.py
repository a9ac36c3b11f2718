from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "nashir.core"
    verbose_name = "ناشر"

    def ready(self):
        from django.urls import register_converter

        from .ids import PageIdConverter

        register_converter(PageIdConverter, "page_id")

        from . import checks  # noqa: F401  (registers them)
        from .admin_labels import label_admin_columns
        from .compare import register_display_comparisons

        label_admin_columns()
        register_display_comparisons()
