import contextlib
import threading

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from nashir.news.models import ArticlePage

from . import tasks

_deferred = threading.local()


@contextlib.contextmanager
def deferred():
    """Bulk work (an import) publishes thousands of articles: compute the lists once afterwards."""
    _deferred.active = True
    try:
        yield
    finally:
        _deferred.active = False


def is_deferred():
    return getattr(_deferred, "active", False)


@receiver(page_published)
def article_published(sender, instance, **kwargs):
    """Published or edited: its list (and its neighbours') is recomputed in the background."""
    if issubclass(sender, ArticlePage) and not is_deferred():
        tasks.refresh_related.enqueue(instance.pk)


@receiver(page_unpublished)
def article_unpublished(sender, instance, **kwargs):
    if issubclass(sender, ArticlePage) and not is_deferred():
        tasks.forget_related.enqueue(instance.pk)


@receiver(pre_delete, sender=ArticlePage)
def article_deleted(sender, instance, **kwargs):
    """A deleted article leaves the term statistics now (its rows go with it by cascade)."""
    from .engine import forget

    forget(instance.pk)
