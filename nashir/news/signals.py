from django.dispatch import receiver
from wagtail.signals import post_page_move

from .models import ArticlePage


@receiver(post_page_move)
def refile_moved_article(sender, instance, parent_page_after, **kwargs):
    """An article moved to another section is filed under it (the page cache is told by the
    publishing pipeline, once this is committed)."""
    if issubclass(sender, ArticlePage):
        ArticlePage.objects.filter(pk=instance.pk).update(section_id=parent_page_after.pk)
