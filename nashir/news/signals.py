from django.core.cache import cache
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from nashir.core import pagecache

from .models import PRIVATE_PATHS_KEY, ArticlePage, HomePage, SectionPage


@receiver([post_save, post_delete], sender=PageViewRestriction)
def forget_private_paths(**kwargs):
    cache.delete(PRIVATE_PATHS_KEY)
    pagecache.purge("site")


@receiver(post_page_move)
def refile_moved_article(sender, instance, parent_page_after, **kwargs):
    """An article moved to another section is filed under it."""
    if issubclass(sender, ArticlePage):
        ArticlePage.objects.filter(pk=instance.pk).update(section_id=parent_page_after.pk)
    pagecache.purge("site")


def article_purge_keys(article):
    """What a change to this article touches: itself, the lists it is in, home and feeds."""
    return {
        pagecache.page_key(article),
        f"section:{article.section_id}",
        "home",
        "feeds",
        *(f"tag:{tag_id}" for tag_id in article.tagged_items.values_list("tag_id", flat=True)),
        *(f"authorlist:{a}" for a in article.bylines.values_list("author_id", flat=True)),
    }


@receiver([page_published, page_unpublished])
def purge_changed_page(sender, instance, **kwargs):
    """Publish, unpublish or edit: purge exactly the cached pages that show this page."""
    if issubclass(sender, ArticlePage):
        pagecache.purge(*article_purge_keys(instance))
    elif issubclass(sender, (SectionPage, HomePage)):
        pagecache.purge("site")  # navigation and section names appear on every page
    else:
        pagecache.purge(pagecache.page_key(instance))


@receiver(pre_delete, sender=ArticlePage)
def purge_deleted_article(sender, instance, **kwargs):
    if instance.live:
        pagecache.purge(*article_purge_keys(instance))


@receiver([post_save, post_delete], sender=get_image_model())
def purge_changed_image(sender, instance, created=False, **kwargs):
    """A picture's file replaced, its focal point moved or the picture deleted: its renditions
    are gone, so kept pages and article parts that show it are purged."""
    if not created:
        pagecache.purge(pagecache.image_key(instance))
