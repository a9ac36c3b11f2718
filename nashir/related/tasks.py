"""Background tasks (django-tasks): immediate in dev and tests, `manage.py db_worker` in production."""

from django_tasks import task


@task()
def refresh_related(article_id):
    """Recompute the article's related list and offer it to its neighbours' lists."""
    from .engine import refresh

    return [pk for pk, _ in refresh(article_id)]


@task()
def forget_related(article_id):
    """Take an unpublished article out of every computed list."""
    from .engine import forget

    return forget(article_id)
