"""Keep cached article pages true to their public comments."""

from django.dispatch import receiver

from nashir.core import pagecache

from .signals import comments_changed


@receiver(comments_changed)
def purge_article_with_changed_comments(sender, article_id, **kwargs):
    pagecache.purge(pagecache.page_key(article_id))
