from html import unescape

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Case, F, Min, Q, When, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.admin.widgets import AdminAutoHeightTextInput
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from nashir.core.panels import InlinePanel
from nashir.pagecache import (
    Fragment,
    Key,
    depends_on,
    held_in_process,
    keep,
    uses_params,
    valid_until,
)

from . import api
from . import indexing as search_indexing
from .blocks import ArticleBodyBlock


class CappedPaginator(Paginator):
    """Counts at most MAX_PAGES pages, so a listing costs the same at 1,000 or 1,000,000 articles.

    Older articles stay reachable through search, tags and the archive of each author.
    """

    MAX_PAGES = 100

    @cached_property
    def count(self):
        return self.object_list[: self.per_page * self.MAX_PAGES].count()


def paginate(request, queryset, per_page=None):
    """One page of a listing; a page number that does not exist is a 404, not page 1."""
    paginator = CappedPaginator(queryset, per_page or settings.NASHIR_PAGE_SIZE)
    uses_params(request, "page")
    number = request.GET.get("page") or 1
    try:
        return paginator.page(number)
    except (EmptyPage, PageNotAnInteger) as exc:
        raise Http404("لا توجد صفحة بهذا الرقم.") from exc


#: Tree paths of pages behind a view restriction; a restriction's change purges the site.
PRIVATE_PATHS = Fragment("private-page-paths", purged_by=[], timeout=None)


def private_page_paths():
    """Tree paths of pages behind a view restriction, cached until a restriction changes."""
    return PRIVATE_PATHS.get_or_set(
        lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True))
    )


def shows_articles(request, articles, *keys):
    """The page shows these articles (and depends on `keys`) — for the page cache.

    It is purged when any of them changes, and goes stale when a «عاجل» mark it shows runs out.
    """
    articles = list(articles)
    depends_on(request, *keys, *map(Key.page, articles))
    ends = [a.breaking_until for a in articles if a.breaking_until and a.is_breaking]
    if ends:
        valid_until(request, min(ends))


#: What a teaser card (and its URL, its «عاجل» mark and its page-cache key) reads.
CARD_FIELDS = (
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "live",
    "locale",
    "content_type",
    "kicker",
    "summary",
    "published_at",
    "breaking",
    "breaking_until",
    "featured_image",
    "section__title",
    "section__slug",
    "section__url_path",
    "section__path",
    "section__depth",
    "section__live",
    "section__locale",
    "section__content_type",
)


class ArticleQuerySet(PageQuerySet):
    def published(self):
        """What a reader may see: live, not behind a privacy restriction, newest first."""
        queryset = self.live()
        for path in private_page_paths():
            queryset = queryset.exclude(path__startswith=path)
        return queryset.order_by("-published_at", "-pk")

    def for_listing(self):
        """Everything a teaser card shows, fetched with the list and not per card.

        Only the columns a card reads: not the body's JSON (most of a row's bytes), and far
        fewer of Wagtail's page columns, whose compiling and loading made the related list
        cost 3.3 ms a page instead of 1.5.
        """
        return (
            self.select_related("section", "featured_image")
            .prefetch_related("featured_image__renditions")
            .only(*CARD_FIELDS)
        )

    def breaking_now(self):
        """Articles marked breaking whose «عاجل» time has not run out."""
        return self.filter(breaking_now_q())

    def with_breaking_now(self):
        """Annotate ``is_breaking_now`` so a listing can put breaking news first in one query."""
        return self.annotate(is_breaking_now=Case(When(breaking_now_q(), then=True), default=False))

    def next_breaking_expiry(self):
        """When the next «عاجل» mark runs out: a page cache must not outlive it."""
        return (
            self.breaking_now()
            .filter(breaking_until__isnull=False)
            .aggregate(soonest=Min("breaking_until"))["soonest"]
        )


def breaking_now_q():
    return Q(breaking=True) & (
        Q(breaking_until__isnull=True) | Q(breaking_until__gt=timezone.now())
    )


ArticleManager = PageManager.from_queryset(ArticleQuerySet)


class PublicPageMixin:
    """Skip the view-restriction queries on every request when no restriction covers the page.

    Wagtail checks the page and all its ancestors for restrictions on each view; the cached list
    of restricted paths (dropped whenever a restriction changes) answers that without a query.
    """

    def get_view_restrictions(self):
        if not any(self.path.startswith(path) for path in private_page_paths()):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    @property
    def is_readable(self):
        """Live and behind no privacy restriction: a page any reader may be linked to."""
        return self.live and not any(self.path.startswith(path) for path in private_page_paths())


class HomePage(PublicPageMixin, Page):
    """The front page: lead story, latest news and a block per section."""

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.SectionPage", "pages.StandardPage"]
    template = "pages/home_page.html"

    class Meta:
        verbose_name = _("الصفحة الرئيسية")

    def route(self, request, path_components):
        """Find a section or an article in one query instead of one per URL segment."""
        if len(path_components) in (1, 2):
            found = self.find_child_page(path_components)
            if found is not None:
                return found.route(request, [])
        return super().route(request, path_components)

    def find_child_page(self, path_components):
        """The section or article at this address; held by the process until the next purge
        (any publish, edit, move or unpublish purges), so a page rendered again does not
        query for it."""
        return held_in_process(
            f"route:{self.pk}:{'/'.join(path_components)}",
            lambda: self._find_child_page(path_components),
        )

    def _find_child_page(self, path_components):
        if len(path_components) == 1:
            model, lookup = SectionPage, {"slug": path_components[0]}
        else:
            model = ArticlePage
            lookup = {"slug": path_components[1], "section__slug": path_components[0]}
        # A slug is unique among its siblings, so no ORDER BY: `.first()` would add one and
        # compiling it cost more than the query (1.3 of 3.5 ms per article page).
        found = (
            model.objects.filter(depth=self.depth + len(path_components), **lookup)
            .filter(path__startswith=self.path)
            .select_related(*(["section"] if model is ArticlePage else []))
            .order_by()[:1]
        )
        found = next(iter(found), None)
        # A page type built on the article (a live coverage page) is served as itself.
        if found is not None and found.specific_class is not model:
            found = found.specific
        return found

    #: How the front page is laid out (docs/design.md): the lead, two stories beside it, the
    #: latest as rows, then a block per section.
    BESIDE_LEAD = 2
    LATEST_ROWS = 6
    PER_SECTION = 4

    def get_context(self, request, *args, **kwargs):
        from nashir.core.models import SiteBranding

        context = super().get_context(request, *args, **kwargs)
        latest = list(ArticlePage.objects.published().for_listing()[:13])
        breaking = list(ArticlePage.objects.published().breaking_now().for_listing()[:3])
        lead = breaking[0] if breaking else (latest[0] if latest else None)
        rest = [a for a in latest if lead is None or a.pk != lead.pk]
        context["breaking"] = breaking
        context["lead"] = lead
        # Breaking stories other than the lead: the lead already says «عاجل» itself.
        context["other_breaking"] = [a for a in breaking if lead is None or a.pk != lead.pk]
        context["beside_lead"] = rest[: self.BESIDE_LEAD]
        context["latest"] = rest[self.BESIDE_LEAD : self.BESIDE_LEAD + self.LATEST_ROWS]
        shown_above = {a.pk for a in [lead, *rest[: self.BESIDE_LEAD + self.LATEST_ROWS]] if a}

        # Enough per section that its block still has stories once those above are left out.
        blocks = self.section_blocks(
            per_section=self.PER_SECTION + self.BESIDE_LEAD + self.LATEST_ROWS + 1
        )
        opinion_id = SiteBranding.for_request(request).opinion_section_id
        context["opinion"], context["opinion_section"] = [], None
        context["section_blocks"] = []
        for section, articles in blocks:
            if section.pk == opinion_id:
                context["opinion_section"] = section
                context["opinion"] = self.with_writers(articles[: self.PER_SECTION])
                continue
            # A story already above is not repeated in its section's block.
            fresh = [a for a in articles if a.pk not in shown_above] or articles
            context["section_blocks"].append((section, fresh[: self.PER_SECTION]))
        shown = [*breaking, *latest, *(a for _, items in blocks for a in items)]
        writers = [w for _, authors in context["opinion"] for w in authors]
        shows_articles(
            request,
            shown,
            Key.HOME,
            Key.page(self),
            *map(Key.author, writers),
            *(Key.image(w.photo_id) for w in writers if w.photo_id),
        )
        return context

    def page_cache_keys(self, withdrawn=False):
        """Its title and fields are in every page's masthead and the site's cached settings."""
        return {Key.SITE}

    @staticmethod
    def with_writers(articles):
        """Opinion pieces with their writers and photos: one query for the bylines, authors and
        photos, one for the photos' renditions, however many pieces."""
        bylines = (
            ArticleByline.objects.filter(article__in=articles)
            .select_related("author", "author__photo")
            .prefetch_related("author__photo__renditions")
            .order_by("sort_order")
        )
        by_article = {}
        for byline in bylines:
            by_article.setdefault(byline.article_id, []).append(byline.author)
        return [(article, by_article.get(article.pk, [])) for article in articles]

    def section_blocks(self, per_section=4, window=1000):
        """The newest articles of each section, in the order of the menu.

        One query ranks the newest `window` articles per section (ids only) and one loads the
        winners; only a section with too few articles among them (a quiet one) costs a query
        of its own. Both stay flat as the archive grows.
        """
        sections = list(SectionPage.objects.child_of(self).live().order_by("path"))
        published = ArticlePage.objects.published()
        cutoff = published.values_list("published_at", flat=True)[window - 1 : window].first()
        recent = published.filter(published_at__gte=cutoff) if cutoff else published
        # The ranking reads ids only; the few winners are then loaded whole for their cards.
        ranked_ids = (
            recent.filter(section__in=sections)
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=F("section_id"),
                    order_by=[F("published_at").desc(), F("pk").desc()],
                )
            )
            .filter(rank__lte=per_section)
            .values_list("pk", flat=True)
        )
        by_section = {}
        for article in published.for_listing().filter(pk__in=list(ranked_ids)):
            by_section.setdefault(article.section_id, []).append(article)
        if cutoff:
            for section in sections:
                if len(by_section.get(section.pk, ())) < per_section:
                    by_section[section.pk] = list(
                        published.for_listing().filter(section=section)[:per_section]
                    )
        return [(s, by_section[s.pk]) for s in sections if by_section.get(s.pk)]


class SectionPage(PublicPageMixin, Page):
    """A قسم such as سوريا or اقتصاد: it holds the articles filed under it."""

    intro = models.CharField(_("تعريف قصير"), max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.ArticlePage", "live.LiveCoveragePage"]
    template = "pages/section_page.html"

    class Meta:
        verbose_name = _("قسم")
        verbose_name_plural = _("الأقسام")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.published().for_listing().filter(section=self)
        context["articles"] = paginate(request, articles)
        shows_articles(request, context["articles"], Key.section(self), Key.page(self))
        return context

    def page_cache_keys(self, withdrawn=False):
        """Section names are in the menu of every page."""
        return {Key.SITE}


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticleByline(Orderable):
    """One author (or desk) credited on an article, in the order the byline reads."""

    article = ParentalKey("news.ArticlePage", on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(
        "people.Author",
        verbose_name=_("الكاتب"),
        on_delete=models.CASCADE,
        related_name="bylines",
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        # Bylines added in code (demo, tests) may have no sort_order: then they read in the
        # order they were added, on every engine (PostgreSQL returns NULLs in any order).
        ordering = ["sort_order", "pk"]
        verbose_name = _("توقيع")
        verbose_name_plural = _("التوقيعات")


class ArticleCorrection(Orderable):
    """A dated «تصحيح» note shown at the end of a published article."""

    article = ParentalKey("news.ArticlePage", on_delete=models.CASCADE, related_name="corrections")
    date = models.DateTimeField(_("تاريخ التصحيح"), default=timezone.now)
    note = models.TextField(
        _("نص التصحيح"), help_text=_("ما الذي كان خطأً وما الصواب، كما سيقرؤه القارئ.")
    )

    panels = [FieldPanel("date"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("تصحيح")
        verbose_name_plural = _("تصحيحات")


class ArticlePage(PublicPageMixin, Page):
    kicker = models.CharField(
        _("عنوان تمهيدي"), max_length=80, blank=True, help_text=_("كلمة فوق العنوان، مثل «عاجل».")
    )
    summary = models.TextField(
        _("الملخص"),
        max_length=300,
        help_text=_("يظهر في القوائم وفي وصف الصفحة لمحركات البحث."),
    )
    featured_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("الصورة الرئيسية"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_caption = models.CharField(_("تعليق الصورة"), max_length=250, blank=True)
    image_credit = models.CharField(_("مصدر الصورة"), max_length=120, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("نص المقال"))
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("الوسوم"))
    breaking = models.BooleanField(
        _("خبر عاجل"), default=False, help_text=_("يتصدّر شريط آخر الأخبار والصفحة الرئيسية.")
    )
    breaking_until = models.DateTimeField(
        _("عاجل حتى"),
        null=True,
        blank=True,
        help_text=_("بعد هذا الوقت يعود المقال خبراً عادياً. اتركه فارغاً ليبقى عاجلاً حتى تلغيه."),
    )
    published_at = models.DateTimeField(
        _("تاريخ النشر"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("يُملأ تلقائياً عند النشر الأول؛ عدّله فقط للمواد المنقولة من الأرشيف."),
    )
    comments_enabled = models.BooleanField(
        _("السماح بالتعليقات"),
        default=True,
        help_text=_("تُغلق التعليقات تلقائياً بعد المدة المحددة في إعدادات التعليقات."),
    )
    section = models.ForeignKey(
        SectionPage,
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="filed_articles",
    )

    objects = ArticleManager()

    content_panels = [
        FieldPanel("kicker"),
        # A headline of two or three lines stays readable while it is written, on a phone too.
        TitleFieldPanel(
            "title",
            widget=AdminAutoHeightTextInput(
                attrs={"class": "nashir-headline", "data-nashir-headline": "", "maxlength": 255}
            ),
        ),
        FieldPanel("summary"),
        InlinePanel("bylines", label=_("الكتّاب"), min_num=1),
        MultiFieldPanel(
            [FieldPanel("featured_image"), FieldPanel("image_caption"), FieldPanel("image_credit")],
            heading=_("الصورة الرئيسية"),
        ),
        FieldPanel("body"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [FieldPanel("breaking"), FieldPanel("breaking_until")], heading=_("خبر عاجل")
        ),
        InlinePanel("corrections", label=_("تصحيح"), heading=_("تصحيحات")),
        InlinePanel(
            "pinned_related",
            label=_("مقال مثبّت"),
            heading=_("مقالات ذات صلة مثبّتة"),
            help_text=_("تظهر أولاً في «مقالات ذات صلة» بهذا الترتيب، قبل المقالات المحسوبة."),
        ),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("published_at")]
    settings_panels = [*Page.settings_panels, FieldPanel("comments_enabled")]
    search_fields = [
        *Page.search_fields,
        # Everything a reader searches, already analysed (nashir.arabic), in three weighted
        # fields: headline (in place of Wagtail's raw title, see get_search_fields()), lead,
        # body. The engine's own tokenizer then only splits on spaces. See
        # nashir/news/indexing.py and docs/search.md.
        search_indexing.HeadlineField(),
        search_indexing.AnalysedField("search_lead", boost=search_indexing.LEAD_BOOST),
        search_indexing.AnalysedField("search_body"),
        index.FilterField("section"),
        index.FilterField("published_at"),
    ]
    # The JSON API (/api/v2/articles/, docs/api.md): only what the article page shows.
    api_fields = [
        APIField("kicker"),
        APIField("summary"),
        APIField("published_at"),
        APIField("breaking"),
        APIField("breaking_until"),
        APIField("authors", serializer=api.ArticleAuthorsField()),
        APIField("section", serializer=api.ArticleSectionField()),
        APIField("tags", serializer=api.TagNamesField()),
        APIField("featured_image", serializer=api.ImageField("fill-1200x675")),
        APIField("image_caption"),
        APIField("image_credit"),
        APIField("body", serializer=api.StreamBlocksField()),
        APIField("body_html", serializer=api.BodyHtmlField()),
        APIField("related", serializer=api.RelatedArticlesField()),
    ]

    parent_page_types = ["news.SectionPage"]
    subpage_types = []
    template = "pages/article_page.html"

    class Meta:
        verbose_name = _("مقال")
        verbose_name_plural = _("المقالات")
        indexes = [
            models.Index(fields=["section", "published_at"]),
            # Breaking news are few: the home page finds them without reading the archive.
            models.Index(
                fields=["published_at"], condition=Q(breaking=True), name="news_breaking_idx"
            ),
        ]

    def clean(self):
        """A headline is one line: line breaks typed or pasted into it become spaces."""
        super().clean()
        self.title = " ".join((self.title or "").split())

    def save(self, *args, **kwargs):
        if self.path:
            parent = self.get_parent()
            self.section_id = parent.pk if parent else None
        if self.live and self.published_at is None:
            self.published_at = self.first_published_at or timezone.now()
        return super().save(*args, **kwargs)

    @property
    def updated_at(self):
        """When readers last saw a change: a later publish or the newest correction."""
        changes = [c.date for c in self.correction_list]
        if (
            self.last_published_at
            and self.published_at
            and (self.last_published_at - self.published_at).total_seconds() > 60
        ):
            changes.append(self.last_published_at)
        return max(changes, default=None)

    @property
    def is_breaking(self):
        """Marked «عاجل» and not yet past its «عاجل حتى» time."""
        return self.breaking and (
            self.breaking_until is None or self.breaking_until > timezone.now()
        )

    @cached_property
    def correction_list(self):
        return sorted(self.corrections.all(), key=lambda c: c.date)

    @cached_property
    def byline_authors(self):
        return [
            b.author
            for b in self.bylines.select_related("author", "author__photo").prefetch_related(
                "author__photo__renditions"
            )
        ]

    @cached_property
    def tag_list(self):
        return list(self.tags.all())

    def related_articles(self, limit=None):
        """«مقالات ذات صلة»: the editor's pins, then the list computed at publish time
        (nashir.related), read in one query; unpublished and private ones are left out."""
        limit = limit or settings.NASHIR_RELATED_SIZE
        return list(
            ArticlePage.objects.published()
            .for_listing()
            .filter(related_to__article=self)
            .order_by("-related_to__pinned", "related_to__rank")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["parts"] = keep(
            f"article/{self.pk}", lambda: self.render_parts(request, context), request
        )
        return context

    def page_cache_keys(self, withdrawn=False):
        """What a change to this article touches: itself, the lists it is in, home, feeds;
        once `withdrawn`, also every page showing its headline in a site-wide block."""
        return {
            *([Key.headline(self)] if withdrawn else []),
            Key.page(self),
            *([Key.section(self.section_id)] if self.section_id else []),
            Key.HOME,
            Key.FEEDS,
            *map(Key.tag, self.tagged_items.values_list("tag_id", flat=True)),
            *map(Key.author_list, self.bylines.values_list("author_id", flat=True)),
        }

    def pages_to_render_ahead(self):
        """What readers open first after a publish: the article, its section, the home page."""
        section = self.section if self.section_id else None
        return [self, section, section.get_parent().specific if section else None]

    def render_parts(self, request, context):
        """The article, its head tags, «مقالات ذات صلة» and the comments, as HTML.

        They change only when the article, something it shows or its comments change, so the
        page keeps them (`nashir.pagecache.keep`) and a page-cache miss renders only what is
        around them: ticker, navigation, «الأكثر قراءة».
        """
        related = self.related_articles()
        shows_articles(
            request,
            [self, *related],
            *([Key.page(self.section_id)] if self.section_id else []),
            *map(Key.author, self.byline_authors),
            *map(Key.page, self.read_also_ids()),
            *map(Key.image, self.shown_image_ids(related)),
            *self.more_shown_keys(),
        )
        context = {**context, "related": related}
        return {
            name: render_to_string(template, context, request)
            for name, template in self.PART_TEMPLATES
        }

    #: The kept parts of the page and their templates (a page type built on the article, such
    #: as live coverage, names its own).
    PART_TEMPLATES = (
        ("head", "components/seo_head.html"),
        ("article", "pages/article_content.html"),
        ("comments", "components/comments.html"),
    )

    def more_shown_keys(self):
        """Keys of what a page type built on the article shows besides the article's own."""
        return []

    def body_text(self, credits=True):
        """The body's readable words (paragraphs, subheadings, quotes, captions) as plain text.

        «اقرأ أيضاً» links are left out: their headlines belong to other stories. Search indexes
        who is quoted and credited too; related-article matching (credits=False) does not.
        """
        parts = []
        # The stored JSON, not the blocks: making blocks loads every «اقرأ أيضاً» target and
        # image (a query each), which made ten search snippets cost ~20 ms.
        for block in self.body.raw_data:
            kind, value = block["type"], block["value"]
            if kind == "paragraph":
                parts.append(unescape(strip_tags(value or "")))
            elif kind == "subheading":
                parts.append(str(value or ""))
            elif kind == "quote":
                parts += [value.get("text", ""), value.get("attribution", "") if credits else ""]
            elif kind == "image":
                parts += [value.get("caption", ""), value.get("credit", "") if credits else ""]
        return " ".join(p for p in parts if p)

    def shown_image_ids(self, related=()):
        """Every picture the article page shows: a replaced file or a new focal point makes
        new renditions, so what shows the old ones must go (nashir.publishing purges them)."""
        ids = {self.featured_image_id, *(a.photo_id for a in self.byline_authors)}
        ids.update(a.featured_image_id for a in related)
        ids.update(self.body_image_ids())
        return sorted(i for i in ids if i)

    def body_image_ids(self):
        """The pictures inside the body, without loading them."""
        return [
            block["value"].get("image")
            for block in self.body.raw_data
            if block["type"] == "image"
            and isinstance(block["value"], dict)
            and block["value"].get("image")
        ]

    def read_also_ids(self):
        """The articles this one links to with «اقرأ أيضاً», without loading them."""
        return [block["value"] for block in self.body.raw_data if block["type"] == "read_also"]

    def search_lead(self):
        """The analysed kicker and summary (built at publish time)."""
        return search_indexing.search_lead(self)

    def search_body(self):
        """The analysed body, caption, tags and bylines (built at publish time)."""
        return search_indexing.search_body(self)

    @classmethod
    def get_search_fields(cls):
        """Wagtail's raw `title` search field gives way to the analysed headline: both would
        go to the same title column (Page's fields stay listed, as Wagtail's checks expect)."""
        return [
            field
            for field in super().get_search_fields()
            if not (type(field) is index.SearchField and field.field_name == "title")
        ]

    @classmethod
    def get_indexed_objects(cls):
        """update_index reads tags and bylines with each chunk, not one article at a time."""
        return (
            super().get_indexed_objects().prefetch_related("tagged_items__tag", "bylines__author")
        )
