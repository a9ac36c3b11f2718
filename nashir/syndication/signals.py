from django.dispatch import receiver
from wagtail.signals import page_published

from nashir.news.models import ArticlePage

from .content import render_body_html


@receiver(page_published, sender=ArticlePage)
def prepare_body_html(instance, **kwargs):
    """Render the stand-alone body when the editor publishes, not when a feed reader asks."""
    render_body_html(instance)
