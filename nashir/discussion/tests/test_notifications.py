"""Moderator notifications survive a mail server that is down or hangs: retried with back-off,
never lost silently, never sent twice."""

import logging
import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from nashir.discussion import notifications
from nashir.discussion.models import Comment, ModeratorNotification

from .helpers import post

pytestmark = pytest.mark.django_db
State = ModeratorNotification.State
FAILING = "nashir.discussion.tests.test_notifications.FailingEmailBackend"


class FailingEmailBackend(BaseEmailBackend):
    """Django's test outbox behind a mail server that fails the next `failures` sends."""

    failures = 0
    error = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    def send_messages(self, messages):
        if FailingEmailBackend.failures > 0:
            FailingEmailBackend.failures -= 1
            raise FailingEmailBackend.error
        return LocmemBackend().send_messages(messages)


@pytest.fixture
def mail_server_down(settings):
    """The mail server fails every send until the test sets `failures` lower."""
    settings.EMAIL_BACKEND = FAILING
    settings.NASHIR_NOTIFY_RETRY_MINUTES = [1, 5, 15, 40]
    FailingEmailBackend.failures = 1000
    FailingEmailBackend.error = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    yield FailingEmailBackend
    FailingEmailBackend.failures = 0


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@newsroom.sy", "x")


def held_comment(client, article, body, capture):
    with capture(execute=True):
        post(client, article, body=body)
    comment = Comment.objects.get(body=body)
    assert comment.status == Comment.Status.PENDING
    return comment


def chores_at(when):
    """The minute's chore as the timer would run it at `when` (tasks run in the request here)."""
    import time_machine

    with time_machine.travel(when, tick=False):
        return notifications.retry_notifications()


@pytest.mark.parametrize(
    "error",
    [smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), TimeoutError("timed out")],
    ids=["smtp-down", "timeout"],
)
def test_a_failed_send_is_retried_with_back_off_then_sent_once(
    client, article, moderator, mail_server_down, django_capture_on_commit_callbacks, error
):
    """SMTP down or hanging: tried again after 1 then 5 minutes, sent when it is back, once."""
    mail_server_down.error = error
    comment = held_comment(client, article, "تعليق ينتظر بريداً", django_capture_on_commit_callbacks)
    notice = ModeratorNotification.objects.get(pk=comment.pk)
    assert (notice.state, notice.attempts, len(mail.outbox)) == (State.DUE, 1, 0)
    assert type(error).__name__ in notice.last_error
    first_retry = notice.next_attempt_at
    assert timedelta(seconds=55) < first_retry - timezone.now() <= timedelta(minutes=1)

    assert chores_at(first_retry - timedelta(seconds=10)) == 0  # not due yet
    assert chores_at(first_retry + timedelta(seconds=1)) == 1  # second attempt, still down
    notice.refresh_from_db()
    assert (notice.state, notice.attempts) == (State.DUE, 2)
    assert notice.next_attempt_at - first_retry >= timedelta(minutes=5)

    mail_server_down.failures = 0  # the mail server is back
    assert chores_at(notice.next_attempt_at + timedelta(seconds=1)) == 1
    notice.refresh_from_db()
    assert (notice.state, notice.attempts, notice.last_error) == (State.SENT, 3, "")
    assert [m.to for m in mail.outbox] == [["chief@newsroom.sy"]]
    assert "تعليق ينتظر بريداً" in mail.outbox[0].body

    # Later chores and a task queued twice by mistake send nothing more.
    assert chores_at(timezone.now() + timedelta(hours=3)) == 0
    notifications.notify_moderators.call(comment.pk)
    assert len(mail.outbox) == 1


def test_after_the_last_retry_it_is_given_up_loudly(
    client, article, moderator, mail_server_down, django_capture_on_commit_callbacks, caplog
):
    """Five attempts over about an hour, then «failed», an error in the log, a failed task."""
    comment = held_comment(client, article, "لن يصل بريده", django_capture_on_commit_callbacks)
    start = timezone.now()
    when = start
    for _ in range(4):
        when = ModeratorNotification.objects.get(pk=comment.pk).next_attempt_at
        chores_at(when + timedelta(seconds=1))
    notice = ModeratorNotification.objects.get(pk=comment.pk)
    assert (notice.state, notice.attempts) == (State.FAILED, 5)
    assert timedelta(minutes=60) < when - start < timedelta(minutes=62)
    assert any(
        r.levelno == logging.ERROR and f"comment {comment.pk}" in r.getMessage()
        for r in caplog.records
    )
    assert chores_at(when + timedelta(hours=1)) == 0
    assert mail.outbox == []


def test_a_comment_stored_by_a_request_that_then_failed_is_notified(moderator, article):
    """A held comment with no notification (its request died after the insert) gets one."""
    now = timezone.now()
    orphan = Comment.objects.create(
        article=article, name="قارئ", email="r@example.org", body="بلا تنبيه",
        created_at=now - timedelta(minutes=3),
    )  # fmt: skip
    just_posted = Comment.objects.create(
        article=article, name="قارئ", email="r@example.org", body="وصل للتو", created_at=now
    )
    Comment.objects.create(
        article=article, name="آلي", email="b@example.org", body="مزعج",
        status=Comment.Status.SPAM, created_at=now - timedelta(minutes=3),
    )  # fmt: skip
    assert notifications.retry_notifications() == 1
    assert [m.body.count("بلا تنبيه") for m in mail.outbox] == [1]
    assert ModeratorNotification.objects.get(pk=orphan.pk).state == State.SENT
    assert not ModeratorNotification.objects.filter(pk=just_posted.pk).exists()
    assert notifications.retry_notifications() == 0


def test_a_database_error_while_queueing_is_not_the_readers(
    client, article, moderator, django_capture_on_commit_callbacks
):
    """The comment is stored and the reader redirected; the chores notify a few minutes later."""
    with (
        mock.patch.object(
            ModeratorNotification.objects, "get_or_create", side_effect=OperationalError("gone")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = post(client, article, body="قاعدة البيانات تعثرت")
    assert response.status_code == 302
    comment = Comment.objects.get(body="قاعدة البيانات تعثرت")
    assert mail.outbox == []
    chores_at(comment.created_at + timedelta(minutes=3))
    assert len(mail.outbox) == 1


def test_a_send_a_dead_worker_left_half_done_is_tried_again(moderator, article, settings):
    """«sending» past NASHIR_TASK_STUCK_MINUTES goes back to due; a younger one is left alone."""
    settings.NASHIR_TASK_STUCK_MINUTES = 30
    now = timezone.now()
    rows = {}
    for minutes in (45, 5):
        comment = Comment.objects.create(
            article=article, name="قارئ", email="r@example.org", body=f"منذ {minutes}"
        )
        rows[minutes] = ModeratorNotification.objects.create(
            comment=comment,
            state=State.SENDING,
            attempts=1,
            started_at=now - timedelta(minutes=minutes),
            queued_at=now - timedelta(minutes=minutes),
        )
    assert notifications.retry_notifications() == 1
    assert ModeratorNotification.objects.get(pk=rows[45].pk).state == State.SENT
    assert ModeratorNotification.objects.get(pk=rows[5].pk).state == State.SENDING
    assert len(mail.outbox) == 1


def test_a_comment_moderated_before_the_retry_is_not_mailed(
    client, article, moderator, mail_server_down, django_capture_on_commit_callbacks
):
    """An editor approved it meanwhile: the retry has nothing to say."""
    comment = held_comment(client, article, "وافق عليه محرر", django_capture_on_commit_callbacks)
    comment.status = Comment.Status.APPROVED
    comment.save()
    mail_server_down.failures = 0
    chores_at(timezone.now() + timedelta(minutes=2))
    assert ModeratorNotification.objects.get(pk=comment.pk).state == State.SKIPPED
    assert mail.outbox == []


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "ENQUEUE_ON_COMMIT": False}}
)
def test_with_the_task_queue_one_task_per_attempt(
    client, article, moderator, django_capture_on_commit_callbacks, monkeypatch
):
    """A task waiting in the queue is not doubled by the chores; the worker sends one e-mail."""
    comment = held_comment(client, article, "في الطابور", django_capture_on_commit_callbacks)
    assert DBTaskResult.objects.filter(task_path__endswith="notify_moderators").count() == 1
    assert chores_at(timezone.now() + timedelta(minutes=10)) == 0
    assert DBTaskResult.objects.count() == 1
    # The worker's connection reset would end the test's transaction (nashir/ops/tests/test_worker.py).
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert ModeratorNotification.objects.get(pk=comment.pk).state == State.SENT
    assert len(mail.outbox) == 1


def test_a_comment_deleted_before_its_task_ran_is_not_an_error(moderator, article):
    """The task finds nothing to tell and leaves no row behind."""
    comment = Comment.objects.create(article=article, name="ق", email="q@e.org", body="حُذف")
    pk = comment.pk
    comment.delete()
    assert notifications.notify_moderators.call(pk) == 0
    assert not ModeratorNotification.objects.exists() and mail.outbox == []
