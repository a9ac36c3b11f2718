"""Background tasks (django-tasks): immediate in dev and tests, `manage.py db_worker` in production."""

from django_tasks import task


@task()
def database_upkeep(using):
    """Refresh planner statistics and merge the search index if the archive grew enough."""
    from .upkeep import run

    return run(using=using)
