"""`manage.py chores`: shared chores once for all machines, stuck tasks back in the queue."""

from datetime import timedelta
from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from nashir.ops import chores

pytestmark = pytest.mark.django_db


def task_row(status, started_minutes_ago):
    now = timezone.now()
    started = now - timedelta(minutes=started_minutes_ago)
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [["page:1"], 1], "kwargs": {}},
        task_path="nashir.pagecache.purge.retry_purge",
        backend_name="default",
        run_after=started,
        started_at=started if status == TaskResultStatus.RUNNING else None,
        worker_ids=["app1:4242"],
    )


def test_a_task_a_dead_worker_left_running_goes_back_to_the_queue(settings):
    """Past NASHIR_TASK_STUCK_MINUTES a running task is requeued; younger ones are left alone."""
    settings.NASHIR_TASK_STUCK_MINUTES = 30
    stuck = task_row(TaskResultStatus.RUNNING, 45)
    busy = task_row(TaskResultStatus.RUNNING, 5)
    done = task_row(TaskResultStatus.SUCCESSFUL, 90)
    assert chores.requeue_stuck_tasks() == 1
    stuck.refresh_from_db()
    assert stuck.status == TaskResultStatus.READY and stuck.started_at is None
    assert DBTaskResult.objects.ready().filter(pk=stuck.pk).exists()  # a worker will claim it
    busy.refresh_from_db()
    done.refresh_from_db()
    assert busy.status == TaskResultStatus.RUNNING
    assert done.status == TaskResultStatus.SUCCESSFUL


def test_chores_run_the_shared_work_and_this_machines_expiry(monkeypatch, settings):
    """One run: scheduled publishing, read counts, stuck tasks, notifications due again, then
    the page-cache expiry."""
    settings.NASHIR_TASK_STUCK_MINUTES = 30
    task_row(TaskResultStatus.RUNNING, 45)
    ran = []
    import nashir.ops.management.commands.chores as command

    monkeypatch.setattr(command, "call_command", lambda name, *a, **k: ran.append(name))
    out = StringIO()
    call_command("chores", stdout=out)
    assert ran == ["publish_scheduled", "flush_read_counts", "retry_notifications", "pagecache"]
    assert "requeued 1" in out.getvalue()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the lock is PostgreSQL's")
def test_a_second_machine_skips_the_shared_chores_but_expires_its_own_pages(monkeypatch):
    """While another machine holds the lock, only this machine's page-cache expiry runs."""
    import nashir.ops.management.commands.chores as command

    ran = []
    monkeypatch.setattr(command, "call_command", lambda name, *a, **k: ran.append(name))
    s = connection.settings_dict
    other = psycopg.connect(
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
        dbname=s["NAME"],
        user=s["USER"],
        password=s["PASSWORD"],
        autocommit=True,
    )
    try:
        other.execute("SELECT pg_advisory_lock(%s)", [chores.SHARED_CHORES_LOCK])
        call_command("chores", stdout=StringIO())
        assert ran == ["pagecache"]
        other.execute("SELECT pg_advisory_unlock(%s)", [chores.SHARED_CHORES_LOCK])
        ran.clear()
        call_command("chores", stdout=StringIO())
        assert ran == ["publish_scheduled", "flush_read_counts", "retry_notifications", "pagecache"]
    finally:
        other.close()
