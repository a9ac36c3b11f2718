from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "nashir.core"
    verbose_name = "ناشر"
