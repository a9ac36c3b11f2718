from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "nashir.discussion"
    verbose_name = "التعليقات"

    def ready(self):
        from . import notifications  # noqa: F401
