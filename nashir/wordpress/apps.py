from django.apps import AppConfig


class WordPressConfig(AppConfig):
    name = "nashir.wordpress"
    label = "wordpress"
    verbose_name = "الاستيراد من ووردبريس"
