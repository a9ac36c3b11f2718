"""Editors hear about comments waiting for them, as WordPress's moderation e-mails do."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django_tasks import task

from .models import Comment, CommentSettings
from .signals import comment_posted


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


@task()
def notify_moderators(comment_id):
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None or comment.status != Comment.Status.PENDING:
        return 0
    recipients = moderator_emails(comment.article.get_site())
    if not recipients:
        return 0
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
    send_mail(subject[:200], body, None, recipients)
    return len(recipients)


@receiver(comment_posted)
def queue_notification(comment, **kwargs):
    """Only comments an editor must decide on; spam waits quietly in its own list."""
    if comment.status == Comment.Status.PENDING:
        transaction.on_commit(lambda: notify_moderators.enqueue(comment.pk))
