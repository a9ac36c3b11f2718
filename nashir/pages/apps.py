from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "nashir.pages"
    verbose_name = "الصفحات الثابتة"
