"""/metrics/: Prometheus's view of nashir — private, never cached, cheap, and true."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from nashir.discussion.models import Comment, ModeratorNotification
from nashir.ops.metrics import NashirCollector
from nashir.pagecache import files
from nashir.pagecache.models import CachedPage

pytestmark = pytest.mark.django_db

SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$")


def scrape(client=None, **headers):
    response = (client or Client()).get("/metrics/", **headers)
    assert response.status_code == 200, response.content
    return parse(response.content.decode())


def parse(text):
    """{'name{labels}': value} of every sample."""
    samples = {}
    for line in text.splitlines():
        match = SAMPLE.match(line)
        if match:
            samples[match[1] + (match[2] or "")] = float(match[3])
    return samples


def responses(samples, view, status):
    """How many responses of `view` with `status` django-prometheus counted."""
    return sum(
        value
        for name, value in samples.items()
        if name.startswith("django_http_responses_total_by_status_view_method_total{")
        and f'view="{view}"' in name
        and f'status="{status}"' in name
    )


# --- who may scrape ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remote", "forwarded", "allowed"),
    [
        ("127.0.0.1", None, True),  # Prometheus on the machine, straight to gunicorn
        ("::1", None, True),
        ("203.0.113.9", None, False),  # anyone else
        ("127.0.0.1", "203.0.113.9", False),  # through nginx: the reader's address counts
        ("127.0.0.1", "127.0.0.1, 203.0.113.9", False),  # a forged header does not help
    ],
)
def test_only_allowed_addresses_may_scrape(remote, forwarded, allowed):
    """Loopback by default, judged by the client's address even behind nginx."""
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    response = Client(REMOTE_ADDR=remote).get("/metrics/", **extra)
    assert response.status_code == (200 if allowed else 403)
    if not allowed:
        assert b"nashir_" not in response.content and b"NASHIR_METRICS_ALLOW" in response.content


def test_configured_ranges_and_a_bearer_token_let_a_scraper_in(settings):
    """NASHIR_METRICS_ALLOW takes ranges; the token works from anywhere, a wrong one does not."""
    settings.NASHIR_METRICS_ALLOW = ["10.20.0.0/16"]
    settings.NASHIR_METRICS_TOKEN = "s3cret-scrape-token"
    assert Client(REMOTE_ADDR="10.20.4.5").get("/metrics/").status_code == 200
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics/").status_code == 403
    outsider = Client(REMOTE_ADDR="198.51.100.7")
    assert outsider.get("/metrics/").status_code == 403
    wrong = outsider.get("/metrics/", HTTP_AUTHORIZATION="Bearer s3cret-scrape-tokeN")
    assert wrong.status_code == 403
    right = outsider.get("/metrics/", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token")
    assert right.status_code == 200 and b"nashir_tasks" in right.content


def test_without_a_token_configured_no_bearer_opens_it(settings):
    """An empty NASHIR_METRICS_TOKEN is no token: «Bearer » alone is refused."""
    settings.NASHIR_METRICS_TOKEN = ""
    response = Client(REMOTE_ADDR="198.51.100.7").get("/metrics/", HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 403


def test_metrics_are_never_cached(client):
    """No page-cache file or index row, and no shared cache may keep it."""
    response = client.get("/metrics/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert not CachedPage.objects.filter(url__contains="metrics").exists()
    assert not any("metrics" in str(p) for p in files.root().rglob("*"))


# --- what it says ---------------------------------------------------------------------------


def test_requests_and_5xx_are_counted_by_view(client):
    """Each answer counted once under its view and status: a 503 from /health/ is a 5xx."""
    before = scrape(client)
    for _ in range(3):
        client.get("/health/")
    with mock.patch.dict("nashir.ops.views.CHECKS", {"database": lambda: False}):
        assert client.get("/health/").status_code == 503
    after = scrape(client)
    assert responses(after, "health", "200") - responses(before, "health", "200") == 3
    assert responses(after, "health", "503") - responses(before, "health", "503") == 1


def task(status, *, enqueued_minutes_ago=0, started_minutes_ago=None, run_after=None):
    now = timezone.now()
    row = DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="nashir.discussion.notifications.notify_moderators",
        backend_name="default",
        run_after=run_after or get_date_max(),  # as enqueue() without a delay
        started_at=now - timedelta(minutes=started_minutes_ago) if started_minutes_ago else None,
    )
    DBTaskResult.objects.filter(pk=row.pk).update(
        enqueued_at=now - timedelta(minutes=enqueued_minutes_ago)
    )
    return row


def test_task_queue_depth_age_stuck_and_failed(client, settings):
    """The figures an operator alerts on, from the task table as it is."""
    settings.NASHIR_TASK_STUCK_MINUTES = 30
    future = timezone.now() + timedelta(hours=1)
    task(TaskResultStatus.READY, enqueued_minutes_ago=10)
    task(TaskResultStatus.READY, enqueued_minutes_ago=1)
    task(TaskResultStatus.READY, enqueued_minutes_ago=50, run_after=future)  # not due yet
    task(TaskResultStatus.RUNNING, started_minutes_ago=45)  # a dead worker's
    task(TaskResultStatus.RUNNING, started_minutes_ago=2)
    task(TaskResultStatus.FAILED)
    samples = scrape(client)
    assert samples["nashir_task_queue_depth"] == 2
    assert 590 < samples["nashir_task_queue_oldest_age_seconds"] < 660
    assert samples["nashir_tasks_stuck"] == 1
    assert samples['nashir_tasks{status="READY"}'] == 3
    assert samples['nashir_tasks{status="RUNNING"}'] == 2
    assert samples['nashir_tasks{status="FAILED"}'] == 1


def test_an_empty_queue_has_no_age(client):
    """Nothing waiting: depth and age are 0, not missing."""
    samples = scrape(client)
    assert samples["nashir_task_queue_depth"] == 0
    assert samples["nashir_task_queue_oldest_age_seconds"] == 0


def test_notifications_and_stuck_purges(client, section):
    """Notifications not yet sent by state; purges waiting for another try; kept pages a purge
    could not delete."""
    from nashir.news.tests.factories import make_article

    article = make_article(section, "تعطل خط الهاتف")
    for i, state in enumerate(["due", "due", "failed", "sent"]):
        comment = Comment.objects.create(article=article, name="ق", email="q@e.org", body=str(i))
        ModeratorNotification.objects.create(comment=comment, state=state)
    CachedPage.objects.create(url="http://testserver/a/", file="testserver/a/index.html")
    CachedPage.objects.create(
        url="http://testserver/b/", file="testserver/b/index.html", stuck=True
    )
    later = timezone.now() + timedelta(seconds=40)
    for status in (TaskResultStatus.READY, TaskResultStatus.READY, TaskResultStatus.SUCCESSFUL):
        row = task(status, run_after=later)
        DBTaskResult.objects.filter(pk=row.pk).update(
            task_path="nashir.pagecache.purge.retry_purge"
        )
    samples = scrape(client)
    assert samples["nashir_purges_retrying"] == 2
    assert samples['nashir_moderator_notifications{state="due"}'] == 2
    assert samples['nashir_moderator_notifications{state="failed"}'] == 1
    assert samples['nashir_moderator_notifications{state="sending"}'] == 0
    assert samples["nashir_pagecache_stuck_pages"] == 1


@pytest.fixture
def page_cache_dir(settings, tmp_path):
    settings.NASHIR_PAGE_CACHE_DIR = tmp_path / "pagecache"
    return settings.NASHIR_PAGE_CACHE_DIR


def test_page_cache_figures_come_from_the_last_expire_not_a_walk(client, page_cache_dir):
    """`pagecache expire` counts what it keeps; a scrape reads that, never the folder."""
    for i in range(5):
        assert files.write(f"testserver/news/{i}/index.html", b"x" * 1000)
    samples = scrape(client)
    assert "nashir_pagecache_pages" not in samples  # nothing counted yet
    assert samples["nashir_pagecache_disk_free_bytes"] > 0
    files.expire(600)
    files.write("testserver/news/5/index.html", b"y" * 1000)  # after the count
    samples = scrape(client)
    assert samples["nashir_pagecache_pages"] == 5
    assert samples["nashir_pagecache_bytes"] == 5000
    assert 0 <= samples["nashir_pagecache_usage_age_seconds"] < 60
    with mock.patch.object(files, "_kept_files", side_effect=AssertionError("walked")):
        scrape(client)


def test_expire_counts_only_what_it_keeps(page_cache_dir):
    """Expired pages and temporary files are not in the figure."""
    import os
    import time

    files.write("testserver/old/index.html", b"o" * 300)
    files.write("testserver/new/index.html", b"n" * 700)
    old = page_cache_dir / "testserver/old/index.html"
    stamp = time.time() - 3600
    os.utime(old, (stamp, stamp))
    (page_cache_dir / "testserver/new/.index.html.abc.tmp").write_bytes(b"t" * 50)
    assert files.expire(600) == 1
    assert files.recorded_usage()[:2] == (1, 700)


def test_a_database_outage_leaves_the_rest_of_the_answer(client, page_cache_dir):
    """With the database gone the scrape still answers: health says so, the disk figures stay."""
    files.expire(600)

    def tasks(self):
        raise DatabaseError("gone")

    with (
        mock.patch.object(NashirCollector, "tasks", tasks),
        mock.patch.dict("nashir.ops.views.CHECKS", {"database": lambda: False}),
    ):
        samples = scrape(client)
    assert samples['nashir_health_check_ok{check="database"}'] == 0
    assert samples['nashir_health_check_ok{check="cache"}'] == 1
    assert "nashir_task_queue_depth" not in samples
    assert samples["nashir_pagecache_pages"] == 0
    assert "nashir_moderator_notifications" in " ".join(samples)


def test_the_answer_is_valid_prometheus_text(client):
    """Prometheus's own parser reads it, each family once, with its help text."""
    from prometheus_client.parser import text_string_to_metric_families

    client.get("/health/")
    response = client.get("/metrics/")
    assert response["Content-Type"].startswith("text/plain; version=")
    families = list(text_string_to_metric_families(response.content.decode()))
    names = [family.name for family in families]
    assert len(names) == len(set(names))
    assert {"nashir_task_queue_depth", "nashir_health_check_ok"} <= set(names)
    assert all(family.documentation for family in families if family.name.startswith("nashir_"))
