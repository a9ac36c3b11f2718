"""Live coverage «تغطية مباشرة»: a story that grows entry by entry while readers watch.

A `LiveCoveragePage` is an article (multi-table inheritance of `ArticlePage`): it is filed in
a section, listed, searched, fed and served by the API with the articles, and carries its own
«مباشر» badge while `status` is live. Its entries «تحديثات» are not part of the page's
revisions: each `LiveEntry` is published on its own from a compact form (`views.py`), keeps
its own revisions, and purges only what shows the live page (`signals.py`).
"""

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import RevisionMixin

from nashir.arabic import analysed_text
from nashir.news.blocks import ArticleBodyBlock
from nashir.news.models import ArticlePage
from nashir.pagecache import Key, keep

from . import api


def poll_seconds():
    """How often readers' pages ask for new entries; the server says it in every answer."""
    return int(getattr(settings, "NASHIR_LIVE_POLL_SECONDS", 10))


class LiveCoveragePage(ArticlePage):
    """A live page: headline, summary, «أبرز التطورات», and entries newest first."""

    LIVE = "live"
    ENDED = "ended"
    STATUS_CHOICES = [(LIVE, _("مباشر")), (ENDED, _("انتهت التغطية"))]

    status = models.CharField(
        _("حالة التغطية"),
        max_length=10,
        choices=STATUS_CHOICES,
        default=LIVE,
        help_text=_("«مباشر» يُظهر الشارة ويجعل الصفحة تتحدّث وحدها عند القرّاء."),
    )
    highlights = RichTextField(
        _("أبرز التطورات"),
        blank=True,
        features=["bold", "link", "ul"],
        help_text=_("ملخّص قصير يحدّثه المحرر أعلى الصفحة: نقاط بأهم ما جرى حتى الآن."),
    )
    coverage_started_at = models.DateTimeField(
        _("بدء التغطية"), null=True, blank=True, help_text=_("يُملأ تلقائياً عند النشر الأول.")
    )
    coverage_ended_at = models.DateTimeField(
        _("انتهاء التغطية"),
        null=True,
        blank=True,
        help_text=_("يُملأ تلقائياً حين تصبح الحالة «انتهت التغطية»."),
    )

    content_panels = [
        HelpPanel(
            template="live/admin/entries_panel.html",
            heading=_("التحديثات"),
        ),
        *ArticlePage.content_panels[:3],
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("highlights")], heading=_("التغطية المباشرة")
        ),
        *(
            FieldPanel(
                "body",
                heading=_("خلفية الحدث"),
                help_text=_("ما يحتاج القارئ معرفته عن الحدث؛ يظهر بعد التحديثات."),
            )
            if getattr(panel, "field_name", None) == "body"
            else panel
            for panel in ArticlePage.content_panels[3:]
        ),
    ]
    promote_panels = [
        *ArticlePage.promote_panels,
        FieldPanel("coverage_started_at"),
        FieldPanel("coverage_ended_at"),
    ]
    api_fields = [
        *ArticlePage.api_fields,
        APIField("status"),
        APIField("highlights"),
        APIField("coverage_started_at"),
        APIField("coverage_ended_at"),
        APIField("entries", serializer=api.LiveEntriesField()),
    ]

    parent_page_types = ["news.SectionPage"]
    subpage_types = []
    template = "live/live_coverage_page.html"

    class Meta:
        verbose_name = _("تغطية مباشرة")
        verbose_name_plural = _("التغطيات المباشرة")

    def save(self, *args, **kwargs):
        if self.live and self.coverage_started_at is None:
            self.coverage_started_at = self.first_published_at or timezone.now()
        if self.status == self.ENDED and self.coverage_ended_at is None:
            self.coverage_ended_at = timezone.now()
        elif self.status == self.LIVE:
            self.coverage_ended_at = None
        return super().save(*args, **kwargs)

    @property
    def is_live_now(self):
        return self.status == self.LIVE

    @cached_property
    def entry_list(self):
        """Every entry readers see: pinned ones first, then newest first."""
        return list(self.entries.for_reader())

    @property
    def pinned_entries(self):
        return [e for e in self.entry_list if e.pinned]

    @property
    def stream_entries(self):
        return [e for e in self.entry_list if not e.pinned]

    @property
    def latest_number(self):
        return max((e.number for e in self.entry_list), default=0)

    @property
    def last_entry_at(self):
        return max((e.posted_at for e in self.entry_list), default=None)

    @property
    def updated_at(self):
        changes = [super().updated_at, self.last_entry_at]
        return max((c for c in changes if c), default=None)

    @property
    def poll_seconds(self):
        return poll_seconds()

    def get_context(self, request, *args, **kwargs):
        context = super(ArticlePage, self).get_context(request, *args, **kwargs)
        context["parts"] = keep(
            f"live/{self.pk}", lambda: self.render_parts(request, context), request
        )
        return context

    PART_TEMPLATES = (
        ("head", "live/seo_head.html"),
        ("article", "live/live_content.html"),
        ("comments", "components/comments.html"),
    )

    def more_shown_keys(self):
        """Besides the article's own: the entries' authors and pictures (kept parts, like an
        article's, until something they show changes)."""
        entries = self.entry_list
        return [
            *map(Key.author, {e.author_id for e in entries if e.author_id}),
            *(Key.image(i) for e in entries for i in e.body_image_ids()),
        ]

    def search_body(self):
        """The article's body fields and every entry's words, analysed: a search finds the
        live page by what its updates said (re-indexed when an entry changes)."""
        words = " ".join(e.plain_text() for e in self.entries.all())
        return f"{analysed_text(words)} {super().search_body()}"

    def seo_extras(self, request, seo, branding):
        """LiveBlogPosting in place of NewsArticle, and the page's own feed of updates."""
        from .structured_data import live_blog_posting

        seo["json_ld"][0] = live_blog_posting(request, self, seo["json_ld"][0])
        title = f"تحديثات: {self.title}"
        seo["feeds"] = [
            ("application/rss+xml", title, reverse("live_feed", args=[self.pk])),
            ("application/atom+xml", title, reverse("live_feed_atom", args=[self.pk])),
            *seo["feeds"],
        ]

    def entries_admin_url(self):
        return reverse("live_entries", args=[self.pk])


class LiveEntryQuerySet(models.QuerySet):
    def for_reader(self):
        return self.select_related("author").order_by("-pinned", "-posted_at", "-number")

    def since(self, number):
        return self.filter(number__gt=number).select_related("author").order_by("-number")


def only_revision_pointer(save_kwargs):
    """RevisionMixin.save_revision() saves only `latest_revision`: no edit readers see."""
    fields = save_kwargs.get("update_fields")
    return fields is not None and set(fields) <= {"latest_revision"}


class LiveEntry(RevisionMixin, models.Model):
    """One update «تحديث» of a live page, published alone (no page revision, no review)."""

    page = models.ForeignKey(
        LiveCoveragePage,
        verbose_name=_("التغطية"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    number = models.PositiveIntegerField(
        _("الرقم"), editable=False, help_text=_("رقم التحديث في التغطية: رابطه #entry-N.")
    )
    posted_at = models.DateTimeField(_("الوقت"), default=timezone.now, db_index=True)
    author = models.ForeignKey(
        "people.Author",
        verbose_name=_("الكاتب أو المكتب"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_entries",
    )
    title = models.CharField(_("عنوان التحديث"), max_length=200, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("نص التحديث"))
    breaking = models.BooleanField(_("عاجل"), default=False)
    pinned = models.BooleanField(
        _("مثبّت في الأعلى"), default=False, help_text=_("يبقى فوق التحديثات الأحدث منه.")
    )
    edited_at = models.DateTimeField(_("عُدّل في"), null=True, blank=True, editable=False)

    objects = LiveEntryQuerySet.as_manager()

    panels = [
        FieldPanel("page"),
        FieldPanel("title"),
        FieldPanel("body"),
        FieldPanel("author"),
        FieldPanel("posted_at"),
        FieldPanel("breaking"),
        FieldPanel("pinned"),
    ]

    class Meta:
        verbose_name = _("تحديث مباشر")
        verbose_name_plural = _("تحديثات مباشرة")
        ordering = ["-posted_at", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="live_entry_number_unique")
        ]
        indexes = [models.Index(fields=["page", "number"], name="live_entry_page_number")]

    def __str__(self):
        return self.title or self.plain_text()[:80] or f"#{self.number}"

    def save(self, *args, **kwargs):
        """A new entry takes the next number of its page (retried if two editors post at
        once); a later save of a published entry is an edit, shown as «عُدّل»."""
        if self.pk is not None:
            if not only_revision_pointer(kwargs):
                self.edited_at = timezone.now()
            return super().save(*args, **kwargs)
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    last = LiveEntry.objects.filter(page_id=self.page_id).aggregate(n=Max("number"))
                    self.number = (last["n"] or 0) + 1
                    return super().save(*args, **kwargs)
            except IntegrityError:
                self.pk = None
        raise IntegrityError("could not number the live entry")

    @property
    def anchor(self):
        return f"entry-{self.number}"

    def plain_text(self):
        parts = [self.title]
        for block in self.body.raw_data:
            kind, value = block["type"], block["value"]
            if kind == "paragraph":
                parts.append(strip_tags(value or ""))
            elif kind == "subheading":
                parts.append(str(value or ""))
            elif kind == "quote":
                parts += [value.get("text", ""), value.get("attribution", "")]
            elif kind == "image":
                parts.append(value.get("caption", ""))
        return " ".join(p for p in parts if p).strip()

    def body_image_ids(self):
        return [
            block["value"].get("image")
            for block in self.body.raw_data
            if block["type"] == "image"
            and isinstance(block["value"], dict)
            and block["value"].get("image")
        ]

    def page_cache_keys(self, withdrawn=False):
        """An entry shows on its live page, in its fragments and feed, and (as the page's
        update time) in the listings that show the page: all of them depend on its key."""
        return {Key.page(self.page_id)}

    def get_admin_display_title(self):
        return str(self)
