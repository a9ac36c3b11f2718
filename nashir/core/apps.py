from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "nashir.core"
    verbose_name = "ناشر"

    def ready(self):
        from . import checks  # noqa: F401  (registers them)
        from .admin_labels import label_admin_columns
        from .compare import register_display_comparisons
        from .sites import connect_signals

        connect_signals()
        label_admin_columns()
        register_display_comparisons()
