"""Background tasks (django-tasks): immediate in dev and tests, `manage.py db_worker` in production."""

from django_tasks import task


@task()
def refresh_related(article_id):
    """Recompute the article's related list and offer it to its neighbours' lists.

    This is the last work a publish sets off (it purges the article again), so the pages
    readers open first are rendered ahead after it (nashir.news.tasks), once it is committed.
    """
    from django.db import transaction

    from nashir.core import pagecache
    from nashir.news.tasks import prerender_after_publish

    from .engine import refresh

    ranked = refresh(article_id)
    if pagecache.prerender_enabled():
        transaction.on_commit(lambda: prerender_after_publish.enqueue(article_id))
    return [pk for pk, _ in ranked]


@task()
def forget_related(article_id):
    """Take an unpublished article out of every computed list."""
    from .engine import forget

    return forget(article_id)
