"""Editors hear about comments waiting for them, as WordPress's moderation e-mails do.

Each held comment gets a `ModeratorNotification` row, and the e-mail is sent by a task. The row
is what makes it durable: a send that fails is tried again after 1, 5, 15 and 40 minutes
(NASHIR_NOTIFY_RETRY_MINUTES) by the minute's chores (`retry_notifications`), which also give a
row to a held comment whose request failed before it could queue one, and try again a send a
dead worker left half done. Sent once, never again; given up, logged as an error.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from .models import Comment, CommentSettings, ModeratorNotification
from .signals import comment_posted

logger = logging.getLogger("nashir.discussion")
State = ModeratorNotification.State

#: A held comment stored without its notification (the request failed right after) is found by
#: the chores this long after it was posted, and for this long.
ORPHAN_GRACE = timedelta(minutes=2)
ORPHAN_LOOKBACK = timedelta(days=1)


def moderator_emails(site=None):
    """Everyone who may moderate (the permission, directly or by group, and superusers) plus
    the extra addresses in «إعدادات التعليقات»."""
    users = get_user_model().objects.with_perm(
        "discussion.change_comment",
        is_active=True,
        include_superusers=True,
        backend="django.contrib.auth.backends.ModelBackend",
    )
    emails = {u.email.strip().lower() for u in users if u.email}
    if site is not None:
        emails.update(e.lower() for e in CommentSettings.for_site(site).notify_list)
    return sorted(emails)


def retry_minutes():
    """Minutes to wait after each failed attempt; their number is the number of retries."""
    return list(settings.NASHIR_NOTIFY_RETRY_MINUTES)


@task()
def notify_moderators(comment_id):
    """One attempt at the e-mail for a held comment; returns how many were told.

    The row is claimed first (DUE and due → SENDING, in one UPDATE), so two tasks for one
    comment — a requeued one and the original, say — never both send."""
    now = timezone.now()
    if not Comment.objects.filter(pk=comment_id).exists():
        return 0  # deleted meanwhile (its row went with it)
    ModeratorNotification.objects.get_or_create(pk=comment_id, defaults={"next_attempt_at": now})
    claimed = ModeratorNotification.objects.filter(
        pk=comment_id, state=State.DUE, next_attempt_at__lte=now
    ).update(state=State.SENDING, attempts=F("attempts") + 1, started_at=now)
    if not claimed:
        return 0
    notice = ModeratorNotification.objects.select_related("comment__article").get(pk=comment_id)
    comment = notice.comment
    recipients = moderator_emails(comment.article.get_site())
    if comment.status != Comment.Status.PENDING or not recipients:
        notice.state = State.SKIPPED  # moderated already, or nobody to tell
        notice.save(update_fields=["state"])
        return 0
    try:
        send_mail(*moderator_message(comment), None, recipients)
    except Exception as exc:
        return _failed(notice, exc)
    notice.state, notice.sent_at, notice.last_error = State.SENT, timezone.now(), ""
    notice.save(update_fields=["state", "sent_at", "last_error"])
    return len(recipients)


def _failed(notice, exc):
    """Try again later, or give up loudly after the last retry (the task then fails too)."""
    delays = retry_minutes()
    notice.last_error = f"{type(exc).__name__}: {exc}"[:300]
    if notice.attempts > len(delays):
        notice.state = State.FAILED
        notice.save(update_fields=["state", "last_error"])
        logger.error(
            "gave up notifying moderators of comment %s after %d attempts: %s",
            notice.comment_id,
            notice.attempts,
            notice.last_error,
        )
        raise exc
    notice.state = State.DUE
    notice.next_attempt_at = timezone.now() + timedelta(minutes=delays[notice.attempts - 1])
    notice.save(update_fields=["state", "next_attempt_at", "last_error"])
    logger.warning(
        "could not notify moderators of comment %s (attempt %d, next at %s): %s",
        notice.comment_id,
        notice.attempts,
        notice.next_attempt_at.isoformat(timespec="seconds"),
        notice.last_error,
    )
    return 0


def moderator_message(comment):
    """(subject, body) of the e-mail about a held comment."""
    base = settings.NASHIR_BASE_URL
    edit_url = base + reverse("wagtailsnippets_discussion_comment:edit", args=[comment.pk])
    queue_url = base + reverse("wagtailsnippets_discussion_comment:list") + "?status=pending"
    waiting = Comment.objects.pending().count()
    body = "\n".join(
        [
            f"تعليق جديد على «{comment.article.title}» ينتظر المراجعة.",
            "",
            f"الاسم: {comment.name}",
            f"البريد: {comment.email}",
            f"الموقع: {comment.url or '—'}",
            f"سبب الحجز: {comment.spam_reason or '—'}",
            "",
            comment.body,
            "",
            f"مراجعة هذا التعليق: {edit_url}",
            f"كل التعليقات المنتظرة ({waiting}): {queue_url}",
        ]
    )
    subject = f"[{settings.WAGTAIL_SITE_NAME}] تعليق ينتظر المراجعة: {comment.article.title}"
    return subject[:200], body


def queue_now(comment_id):
    """Queue a task for the notification and say so on its row. A failure here (the database
    gone) is not the reader's: the row, or its absence, lets the chores queue it later."""
    try:
        notify_moderators.enqueue(comment_id)
        ModeratorNotification.objects.filter(pk=comment_id).update(queued_at=timezone.now())
    except DatabaseError:
        logger.warning(
            "could not queue the notification of comment %s; the chores will", comment_id
        )


@receiver(comment_posted)
def queue_notification(comment, **kwargs):
    """Only comments an editor must decide on; spam waits quietly in its own list."""
    if comment.status != Comment.Status.PENDING:
        return
    try:
        ModeratorNotification.objects.get_or_create(comment=comment)
    except DatabaseError:
        logger.warning(
            "could not record the notification of comment %s; the chores will", comment.pk
        )
        return
    transaction.on_commit(lambda: queue_now(comment.pk))


def retry_notifications(now=None):
    """The minute's chore (run once for all machines): queue every notification whose attempt
    is due and has no task waiting for it. Before that, a send left «sending» by a worker that
    died goes back to due, and a held comment stored without a notification (its request failed
    just after) gets one. Returns how many were queued."""
    now = now or timezone.now()
    stuck_limit = now - timedelta(minutes=settings.NASHIR_TASK_STUCK_MINUTES)
    ModeratorNotification.objects.filter(state=State.SENDING, started_at__lt=stuck_limit).update(
        state=State.DUE, next_attempt_at=now
    )
    orphans = Comment.objects.pending().filter(
        created_at__gte=now - ORPHAN_LOOKBACK,
        created_at__lt=now - ORPHAN_GRACE,
        moderator_notification__isnull=True,
    )
    ModeratorNotification.objects.bulk_create(
        [
            ModeratorNotification(comment_id=pk, next_attempt_at=now)
            for pk in orphans.values_list("pk", flat=True)
        ],
        ignore_conflicts=True,
    )
    due = ModeratorNotification.objects.filter(state=State.DUE, next_attempt_at__lte=now).filter(
        # No task queued for this attempt, or the one queued was lost long ago.
        Q(queued_at__isnull=True)
        | Q(queued_at__lt=F("next_attempt_at"))
        | Q(queued_at__lt=stuck_limit)
    )
    queued = 0
    for comment_id in list(due.values_list("pk", flat=True)):
        queue_now(comment_id)
        queued += 1
    if queued:
        logger.info("queued %d moderator notification(s) for another attempt", queued)
    return queued
