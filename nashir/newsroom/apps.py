from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "nashir.newsroom"
    verbose_name = "غرفة الأخبار"
