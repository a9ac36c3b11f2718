"""Background work in production: tasks wait in the database until `manage.py db_worker` runs them."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from nashir.news.models import ArticlePage
from nashir.news.tests.factories import make_article
from nashir.search.query import plan, ranked_ids

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def found(query):
    return ranked_ids(ArticlePage.objects.published().order_by(), plan(query))


@pytest.fixture
def worker(monkeypatch):
    """Run the real worker command once over the queue, inside the test's transaction.

    The worker drops "old" database connections between tasks; inside a test transaction that
    would throw the test's data away, so that one call is made a no-op here.
    """
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )

    def run():
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    return run


@pytest.mark.django_db
def test_published_article_is_searchable_before_the_worker_runs(section, worker):
    """With the production queue a new article is findable at once (the publishing pipeline
    indexes it), and the worker's own batch leaves nothing failed."""
    with override_settings(TASKS=DATABASE_QUEUE):
        article = make_article(section, "افتتاح جسر الأمويين")
        assert found("جسر") == [article.pk]

        worker()

        assert found("جسر") == [article.pk]
        assert not DBTaskResult.objects.filter(status="READY").exists()
        assert not DBTaskResult.objects.filter(status="FAILED").exists()


@pytest.mark.django_db
def test_the_worker_waits_out_a_database_that_does_not_answer(section, worker, monkeypatch, caplog):
    """PostgreSQL stops while the worker looks for work: it logs, waits and carries on in the
    same process (the package's worker exited), then runs the queue."""
    from django.db import OperationalError
    from django_tasks_db.models import DBTaskResultQuerySet

    from nashir.ops.management.commands import db_worker

    waits = []
    monkeypatch.setattr(db_worker, "pause", waits.append)
    original, calls = DBTaskResultQuerySet.get_locked, []

    def database_gone_twice(queryset):
        calls.append(1)
        if len(calls) <= 2:
            raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")
        return original(queryset)

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", database_gone_twice)
    with override_settings(TASKS=DATABASE_QUEUE):
        make_article(section, "عودة التيار إلى ريف حماة")
        assert DBTaskResult.objects.filter(status="READY").exists()
        worker()
    assert waits == [1, 2]
    assert "the database does not answer" in caplog.text
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert not DBTaskResult.objects.filter(status="FAILED").exists()
