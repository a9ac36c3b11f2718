import uuid
from datetime import timedelta

from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from nashir.arabic import initials
from nashir.pagecache import Key

from . import signals
from .text import render_body


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    """How open the comment form is and what it lets through, set by the editors."""

    close_after_days = models.PositiveIntegerField(
        _("إغلاق التعليقات بعد (أيام)"),
        default=30,
        help_text=_(
            "تُغلق التعليقات على المقال بعد هذا العدد من الأيام من نشره؛ 0 يعني عدم الإغلاق."
        ),
    )
    hold_all = models.BooleanField(
        _("مراجعة كل التعليقات"),
        default=False,
        help_text=_("لا يظهر أي تعليق قبل موافقة محرر، حتى من معلّق سبقت الموافقة على تعليقاته."),
    )
    max_links = models.PositiveIntegerField(
        _("الحد الأقصى للروابط"),
        default=2,
        help_text=_("يُحجز للمراجعة كل تعليق يتجاوز هذا العدد من الروابط."),
    )
    min_seconds = models.PositiveIntegerField(
        _("أقل مدة لكتابة التعليق (ثوانٍ)"),
        default=3,
        help_text=_("ما يُرسل أسرع من ذلك يُعدّ آلياً ويُعلَّم مزعجاً."),
    )
    blocklist = models.TextField(
        _("كلمات محظورة"),
        blank=True,
        help_text=_(
            "كلمة أو عبارة في كل سطر. التعليق الذي يحتوي إحداها في الاسم أو البريد أو الموقع أو النص "
            "يُعلَّم مزعجاً (ولا يُحذف)."
        ),
    )
    notify_emails = models.TextField(
        _("عناوين إضافية للتنبيه"),
        blank=True,
        help_text=_("عنوان بريد في كل سطر يُنبَّه عند وصول تعليق ينتظر المراجعة، إضافة إلى المحررين."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("close_after_days"), FieldPanel("hold_all")], heading=_("النشر")
        ),
        MultiFieldPanel(
            [FieldPanel("max_links"), FieldPanel("min_seconds"), FieldPanel("blocklist")],
            heading=_("مكافحة الرسائل المزعجة"),
        ),
        FieldPanel("notify_emails"),
    ]

    class Meta:
        verbose_name = _("إعدادات التعليقات")

    def page_cache_keys(self):
        """Whether the form is open shows under every article (the publishing pipeline purges
        these when the settings are saved)."""
        return {Key.COMMENT_RULES}

    @property
    def blocklist_terms(self):
        return [line.strip() for line in self.blocklist.splitlines() if line.strip()]

    @property
    def notify_list(self):
        return [line.strip() for line in self.notify_emails.splitlines() if "@" in line]

    def is_open_for(self, article, now=None):
        """Open while the article allows comments and is younger than `close_after_days`."""
        if not article.comments_enabled or not article.live:
            return False
        if not self.close_after_days or article.published_at is None:
            return True
        age = (now or timezone.now()) - article.published_at
        return age.days < self.close_after_days

    def closes_at(self, article):
        """When the form under an open article turns into «التعليقات مغلقة»: a page showing
        it must not be kept past then. None when nothing closes it on a clock."""
        if not self.is_open_for(article) or not self.close_after_days:
            return None
        return article.published_at + timedelta(days=self.close_after_days)


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def public(self):
        """What a reader's page needs; the email, IP and browser never leave the database."""
        return self.defer("email", "ip_prefix", "user_agent", "spam_reason").order_by(
            "created_at", "pk"
        )


class Comment(models.Model):
    """A reader's comment on an article; the email is for the newsroom only, never published."""

    class Status(models.TextChoices):
        PENDING = "pending", _("بانتظار المراجعة")
        APPROVED = "approved", _("منشور")
        SPAM = "spam", _("مزعج")
        TRASH = "trash", _("المهملات")

    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("المقال"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("ردّاً على"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
    )
    name = models.CharField(_("الاسم"), max_length=80)
    email = models.EmailField(_("البريد الإلكتروني"), max_length=254, db_index=True)
    url = models.URLField(_("الموقع"), max_length=200, blank=True)
    body = models.TextField(_("التعليق"), max_length=5000)
    status = models.CharField(
        _("الحالة"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("التاريخ"), default=timezone.now)
    ip_prefix = models.GenericIPAddressField(
        _("شبكة المرسل"),
        null=True,
        blank=True,
        help_text=_("عنوان IP مقطوع (‎/24 أو ‎/48) حفاظاً على خصوصية القارئ."),
    )
    user_agent = models.CharField(_("المتصفح"), max_length=200, blank=True)
    spam_reason = models.CharField(_("سبب الحجز"), max_length=200, blank=True)
    submission_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = CommentQuerySet.as_manager()
    # Thousands of reader comments would bloat Wagtail's "usage" index for nothing.
    wagtail_reference_index_ignore = True

    panels = [
        FieldPanel("status"),
        FieldPanel("name"),
        FieldPanel("email"),
        FieldPanel("url"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("article", read_only=True),
                FieldPanel("parent", read_only=True),
                FieldPanel("created_at", read_only=True),
                FieldPanel("spam_reason", read_only=True),
                FieldPanel("ip_prefix", read_only=True),
                FieldPanel("user_agent", read_only=True),
            ],
            heading=_("معلومات الإرسال"),
        ),
    ]

    class Meta:
        verbose_name = _("تعليق")
        verbose_name_plural = _("التعليقات")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved_status = self.__dict__.get("status") if self.pk else None

    def __str__(self):
        excerpt = " ".join(self.body.split())
        return f"{self.name}: {excerpt[:60]}{'…' if len(excerpt) > 60 else ''}"

    def save(self, *args, **kwargs):
        was_public = self._saved_status == self.Status.APPROVED
        super().save(*args, **kwargs)
        became_public = self.is_public and not was_public
        self._saved_status = self.status
        if became_public:
            signals.comment_approved.send(sender=Comment, comment=self)
        if self.is_public or was_public:
            signals.comments_changed.send(sender=Comment, article_id=self.article_id)

    @property
    def body_html(self):
        return render_body(self.body)

    @property
    def initials(self):
        return initials(self.name)

    @property
    def avatar_hue(self):
        """A stable colour per name (never per email), so one voice is recognisable in a thread."""
        return sum(ord(c) for c in self.name) * 47 % 360

    @property
    def is_public(self):
        return self.status == self.Status.APPROVED

    def set_status(self, status):
        """Approve, mark spam or trash from the moderation queue, firing the page-cache signals."""
        if self.status != status:
            self.status = status
            self.save(update_fields=["status"])


@receiver(post_delete, sender=Comment)
def announce_deleted_comment(sender, instance, **kwargs):
    """One comment or a bulk delete from the admin (which skips Comment.delete)."""
    if instance.is_public:
        signals.comments_changed.send(sender=Comment, article_id=instance.article_id)


class ModeratorNotification(models.Model):
    """The e-mail telling moderators a comment waits for them, until it is sent.

    One row per held comment, so a notification outlives what can go wrong between the comment
    and the mail: SMTP down (retried with back-off, `notifications.RETRY_MINUTES`), the
    request failing after the comment was stored, a worker killed mid-send (the minute's chores
    pick all of these up). A notification that was sent is never sent again; one that never
    could be is marked «failed» and logged as an error, not dropped.
    """

    class State(models.TextChoices):
        DUE = "due", _("بانتظار الإرسال")
        SENDING = "sending", _("قيد الإرسال")
        SENT = "sent", _("أُرسل")
        SKIPPED = "skipped", _("لا حاجة إليه")
        FAILED = "failed", _("تعذّر إرساله")

    comment = models.OneToOneField(
        Comment,
        verbose_name=_("التعليق"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="moderator_notification",
    )
    state = models.CharField(_("الحالة"), max_length=10, choices=State.choices, default=State.DUE)
    attempts = models.PositiveSmallIntegerField(_("المحاولات"), default=0)
    next_attempt_at = models.DateTimeField(_("المحاولة التالية"), default=timezone.now)
    #: When a task was last queued for it; none waiting for the due attempt: the chores queue one.
    queued_at = models.DateTimeField(null=True, blank=True)
    #: When the running attempt started: one left «sending» by a dead worker is tried again.
    started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("أُرسل في"), null=True, blank=True)
    last_error = models.CharField(_("آخر خطأ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("تنبيه المشرفين")
        verbose_name_plural = _("تنبيهات المشرفين")
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self):
        return f"{self.comment_id}: {self.state}"
