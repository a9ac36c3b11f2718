"""Keep cached article pages true to their public comments."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from nashir.core import pagecache

from .models import Comment
from .signals import comments_changed


@receiver(comments_changed)
def purge_article_with_changed_comments(sender, article_id, **kwargs):
    pagecache.purge(pagecache.page_key(article_id))


@receiver(post_delete, sender=Comment)
def announce_deleted_comment(sender, instance, **kwargs):
    """One comment or a bulk delete from the admin (which skips Comment.delete)."""
    if instance.is_public:
        comments_changed.send(sender=Comment, article_id=instance.article_id)
