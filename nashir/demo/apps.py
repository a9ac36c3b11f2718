from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "nashir.demo"
    verbose_name = "المحتوى التجريبي"
