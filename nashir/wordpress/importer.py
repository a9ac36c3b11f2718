"""The Django side of the WordPress import: authors, sections, tags, articles, pages, images,
comments, redirects — and the mapping records that make a second run update instead of
duplicate, and a stopped run continue where it stopped.

The file is read twice, streaming (memory stays flat whatever its size): once whole before
anything is written (a hostile, broken or truncated file is refused and nothing is written),
then post by post. Posts are written in batches, each batch one transaction holding everything
of its posts — articles, revisions, bylines, tags, comments, redirects and the mapping records —
so a run stopped anywhere (Ctrl-C, a crash, ``kill -9``) leaves only whole posts behind, and the
next run skips them as unchanged and goes on. New articles are created in bulk (``bulk.py``);
an article changed in WordPress since the last run goes through Wagtail's own revision and
publish, one by one. A post that fails is rolled back alone and listed.

Search and reference indexing, related lists and the page-cache purge are done once, at the
end, for everything written since the last run that finished them. A dry run is the same run
inside one transaction rolled back at the end, so its report is exactly what a real run would do.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_save
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify
from modelsearch import index as search_index
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler as search_post_save_handler
from PIL import Image as PILImage
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from nashir.news.models import ArticleByline, ArticlePage, ArticleTag, HomePage, SectionPage
from nashir.ops import upkeep
from nashir.pagecache import Key, purge
from nashir.pages.models import StandardPage
from nashir.people.models import Author
from nashir.related import bulk as related_bulk
from nashir.related import engine as related_engine
from nashir.related.beside import RebuildBeside

from . import bulk
from . import content as wp_content
from .ahead import ConvertAhead
from .middleware import legacy_query_path
from .models import ImportedItem, ImportedSite
from .wxr import WPItem, as_utc, iter_wxr

COLLECTION_NAME = "الأرشيف المستورد"
NO_CATEGORY_SECTION = ("archive", "الأرشيف")
UNTITLED = "بلا عنوان"
SUMMARY_MAX = 300
INTRO_MAX = 300
TITLE_MAX = 255
REDIRECT_PATH_MAX = 255
#: Posts written per transaction: a stopped run loses at most one batch, which the next run redoes.
BATCH_SIZE = 500
#: Pages and pictures put in the search index at a time, at the end of a run.
INDEX_CHUNK = 500
#: Bumped when the conversion of a post changes, so that the next run converts every post again.
IMPORT_FORMAT = 2

# WordPress post status → what the article becomes.
STATUS = {
    "publish": "published",
    "future": "scheduled",
    "draft": "draft",
    "pending": "draft",
    "private": "draft",  # never public in nashir; listed in the report
}
SKIPPED_STATUS = {
    "trash": "in WordPress's trash",
    "auto-draft": "an auto-draft WordPress made by itself (never saved by an editor)",
    "inherit": "a revision, not a post",
}
SKIPPED_TYPES = {
    "revision": "an old revision: only the current version of each post is imported",
    "nav_menu_item": "a menu item: nashir's menu is built from its sections",
    "wp_navigation": "a navigation menu: nashir's menu is built from its sections",
    "custom_css": "theme CSS",
    "customize_changeset": "a theme customiser change set",
    "oembed_cache": "WordPress's cache of embeds",
    "user_request": "a privacy request",
    "wp_block": "a reusable block (its content is already inside the posts using it)",
    "wp_template": "a theme template",
    "wp_template_part": "a theme template part",
    "wp_global_styles": "theme styles",
    "wp_font_family": "a theme font",
    "wp_font_face": "a theme font",
}
COMMENT_SKIPPED_TYPES = {"pingback", "trackback"}
SIZE_SUFFIX_RE = re.compile(r"-(?:\d+x\d+|scaled|rotated)(\.[A-Za-z0-9]+)$")
WP_SLUG_RE = re.compile(r"^[-\w]+$")

#: WordPress pages linked from the footer: «من نحن», contact, privacy, terms — matched on the
#: slug or the title (Arabic folded as for «اقرأ أيضاً»), in English or Arabic.
FOOTER_PAGE_WORDS = (
    "about",
    "who-we-are",
    "contact",
    "privacy",
    "terms",
    "conditions",
    "disclaimer",
    "editorial-policy",
    "من نحن",
    "من-نحن",
    "عن الموقع",
    "عن-الموقع",
    "عن الشبكه",
    "عن الشبكة",
    "عن الصحيفه",
    "عن الصحيفة",
    "عنا",
    "اتصل",
    "تواصل",
    "راسلنا",
    "الخصوصيه",
    "الخصوصية",
    "شروط",
    "الاحكام",
    "سياسه التحرير",
    "سياسة التحرير",
    "اخلاء المسووليه",
)


_MISSING = object()


class ImportAborted(Exception):
    """Nothing can be imported (no home page, …); the run wrote nothing."""


@dataclass
class Issue:
    kind: str
    key: str
    label: str
    reason: str

    def line(self):
        label = f" «{self.label}»" if self.label else ""
        return f"  {self.kind} {self.key}{label}: {self.reason}"


class Report:
    """Counts per kind and every item skipped, failed or worth a remark, with the reason."""

    KINDS = ("author", "category", "tag", "post", "page", "attachment", "comment", "redirect")
    OUTCOMES = ("created", "updated", "unchanged", "skipped", "failed")

    def __init__(self, dry_run=False):
        self.dry_run = dry_run
        self.counts = defaultdict(Counter)
        self.skipped: list[Issue] = []
        self.failed: list[Issue] = []
        self.notes: list[Issue] = []
        self.read_also_linked = 0
        self.resumed = 0
        #: {"articles": (found in the search index, pages the run wrote)}, read back at the end.
        self.search_index = {}
        self.seconds = 0.0
        self.posts_per_second = 0.0
        self.finish_seconds = 0.0
        self.related_seconds = 0.0
        self.related_beside = False  # rebuilt in a second process, beside the search index

    def count(self, kind, outcome, n=1):
        self.counts[kind][outcome] += n

    def skip(self, kind, key, label, reason):
        self.count(kind, "skipped")
        self.skipped.append(Issue(kind, str(key), label, reason))

    def fail(self, kind, key, label, reason):
        self.count(kind, "failed")
        self.failed.append(Issue(kind, str(key), label, reason))

    def note(self, kind, key, label, reason):
        self.notes.append(Issue(kind, str(key), label, reason))

    def snapshot(self):
        counts = {kind: Counter(row) for kind, row in self.counts.items()}
        return counts, len(self.skipped), len(self.notes), self.read_also_linked

    def restore(self, snapshot):
        """Forget what a rolled-back item had counted."""
        counts, skipped, notes, linked = snapshot
        self.counts = defaultdict(Counter, counts)
        del self.skipped[skipped:]
        del self.notes[notes:]
        self.read_also_linked = linked

    def search_index_line(self):
        """What the search index holds of the pages written, as read back from it."""
        parts, missing = [], False
        for label, (found, written) in self.search_index.items():
            if found is None:
                parts.append(f"{written} {label} sent (this search engine cannot be read back)")
                continue
            parts.append(f"{found}/{written} {label}")
            missing = missing or found < written
        line = "search index: " + ", ".join(parts)
        if missing:
            line += " — some pages are missing from the index: run 'manage.py update_index'"
        return line

    @property
    def ok(self):
        return not self.failed

    def lines(self):
        head = "DRY RUN — nothing was written. A real run would do this:" if self.dry_run else ""
        out = [head] if head else []
        out.append(f"{'kind':<11}" + "".join(f"{o:>11}" for o in self.OUTCOMES))
        for kind in self.KINDS:
            row = self.counts.get(kind, Counter())
            out.append(f"{kind:<11}" + "".join(f"{row[o]:>11}" for o in self.OUTCOMES))
        if self.read_also_linked:
            out.append(
                f"read-also links pointed at articles imported later: {self.read_also_linked}"
            )
        if self.resumed:
            out.append(
                f"finished the work of a run stopped before its end: {self.resumed} pages "
                "indexed and related"
            )
        if self.search_index:
            out.append(self.search_index_line())
        if self.posts_per_second:
            out.append(
                f"time: {self.seconds:.1f} s, {self.posts_per_second:.1f} posts/s "
                f"(of which the end work — indexing, related lists, cache — "
                f"{self.finish_seconds:.1f} s, related lists alone {self.related_seconds:.1f} s"
                f"{' in a second process, beside the search index' if self.related_beside else ''})"
            )
        for title, issues in (
            ("Failed (rolled back, nothing of them written)", self.failed),
            ("Skipped", self.skipped),
            ("Notes", self.notes),
        ):
            if issues:
                out.append(f"{title}: {len(issues)}")
                out.extend(issue.line() for issue in issues)
        return out


@contextlib.contextmanager
def deferred_indexing():
    """Save pages without re-indexing them on every save; the run indexes them once at the end.

    Wagtail saves an article three or four times on its way to being published, and each save
    would update the search and reference indexes; on a 10,000-post import that is most of the
    time. The signal handlers are reconnected however the run ends.
    """
    models = [
        m
        for m in (ArticlePage, SectionPage, StandardPage, get_image_model())
        if m in search_index.get_indexed_models()
    ]
    disconnected = [m for m in models if post_save.disconnect(search_post_save_handler, sender=m)]
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in disconnected:
            post_save.connect(search_post_save_handler, sender=model)


def deferred_related():
    """No publishing chain per page (related lists, purges, rendering ahead): the run does
    that work once at its end."""
    from nashir.publishing.pipeline import suspended

    return suspended()


def quiet_page_cache():
    """No page-cache work on each of thousands of publishes: the run collects what changed and
    purges exactly that once at the end (nothing at all on a dry run or a run that changed
    nothing)."""
    return override_settings(
        NASHIR_PAGE_CACHE=False, NASHIR_FRAGMENT_CACHE=False, NASHIR_PRERENDER=False
    )


def checksum(data):
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def link_key(url):
    """What identifies an old WordPress link whatever its host, encoding or trailing slash."""
    parts = urlsplit((url or "").strip())
    path = unquote(parts.path).rstrip("/") or "/"
    query = parse_qs(parts.query)
    for key in ("p", "page_id"):
        if query.get(key) and query[key][0].isdigit():
            return f"/?p={query[key][0]}"
    return path


def uploads_key(url_or_path):
    """``https://…/wp-content/uploads/2024/05/photo-300x200.jpg`` → ``2024/05/photo.jpg``."""
    path = unquote(urlsplit(url_or_path or "").path or url_or_path or "")
    if "/wp-content/uploads/" in path:
        path = path.split("/wp-content/uploads/", 1)[1]
    return SIZE_SUFFIX_RE.sub(r"\1", path.lstrip("/")).lower()


def old_paths(url):
    """The path (and query) of an old link, as the browser asks for it."""
    parts = urlsplit((url or "").strip())
    if not parts.path and not parts.query:
        return None
    if (parts.path or "/") == "/" and parts.query:
        return legacy_query_path({k: v[0] for k, v in parse_qs(parts.query).items()})
    return parts.path or "/"


def wp_nicename(login):
    """How WordPress turns a login into the author archive slug (sanitize_title, roughly)."""
    return re.sub(r"[^\w-]+", "-", (login or "").lower()).strip("-")


def is_footer_page(item):
    """«من نحن», contact, privacy, terms …: pages a reader looks for at the foot of every page."""
    names = [
        wp_content.normalise_arabic((item.slug or "").lower()),
        wp_content.normalise_arabic(" ".join((item.title or "").lower().split())),
    ]
    for name in names:
        words = set(re.split(r"[-\s]+", name))
        for word in FOOTER_PAGE_WORDS:
            folded = wp_content.normalise_arabic(word)
            if (" " in folded or "-" in folded) and folded in name:
                return True
            if folded in words:
                return True
    return False


@dataclass
class Attachment:
    """What the importer needs of a WordPress attachment: enough to find its file."""

    wp_id: int
    title: str
    attachment_url: str
    attached_file: str


@dataclass
class Scan:
    """What the first reading of the file keeps: the channel and small indexes, not the posts."""

    export: object = None
    posts: int = 0
    attachments: dict = field(default_factory=dict)
    attachments_by_url: dict = field(default_factory=dict)
    post_by_link: dict = field(default_factory=dict)
    importable: set = field(default_factory=set)
    pages: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


def scan_export(path):
    """Read the whole file once, keeping no post: refuse a bad file before anything is written."""
    scan = Scan()
    for kind, value in iter_wxr(str(path)):
        if kind == "end":
            scan.export = value
        elif kind != "item":
            continue
        elif value.post_type == "post":
            scan.posts += 1
            if value.status in STATUS:
                scan.importable.add(value.wp_id)
            for source in (value.link, value.guid, f"/?p={value.wp_id}"):
                if source:
                    scan.post_by_link.setdefault(link_key(source), value.wp_id)
        elif value.post_type == "attachment":
            attachment = Attachment(
                value.wp_id,
                value.title,
                value.attachment_url,
                value.meta.get("_wp_attached_file", ""),
            )
            scan.attachments[value.wp_id] = attachment
            for source in (attachment.attachment_url, attachment.attached_file):
                if source:
                    scan.attachments_by_url.setdefault(uploads_key(source), value.wp_id)
        elif value.post_type == "page":
            value.comments = []
            scan.pages.append(value)
        else:
            reason = SKIPPED_TYPES.get(value.post_type, f"unknown post type «{value.post_type}»")
            scan.skipped.append((value.wp_id, value.title, reason))
    return scan


def iter_posts(path):
    """Second reading: the posts, one at a time."""
    for kind, value in iter_wxr(str(path)):
        if kind == "item" and value.post_type == "post":
            yield value


def batches(items, size):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class PreparedPost:
    """A post converted and checked, waiting for its batch to be written."""

    item: WPItem
    status: str
    title: str
    slug: str
    section: object
    tags: list
    authors: list
    body: list
    summary: str
    featured: object
    when: object
    modified: object
    comments_enabled: bool
    redirect_paths: list
    digest: str
    source_digest: str
    unresolved: bool
    pending_read_also: bool
    notes: list
    page: object = None


class BatchPage:
    """A read-also target created in the same batch: its id is known once the batch's page rows
    are inserted, which is before the body (and the revision) is written."""

    def __init__(self, prepared):
        self.prepared = prepared

    @property
    def pk(self):
        return self.prepared.page.pk


def post_digest(p):
    """What the import wrote for a post: the same digest means the same article."""
    return checksum(
        {
            "title": p.title,
            "slug": p.slug,
            "section": p.section.pk,
            "summary": p.summary,
            "body": fingerprint(p.body),
            "image": p.featured.pk if p.featured else None,
            "tags": sorted(t.pk for t in p.tags),
            "authors": [a.pk for a in p.authors],
            "status": p.status,
            "when": p.when.isoformat(),
            "modified": p.modified.isoformat() if p.modified else None,
            "comments": p.comments_enabled,
            "redirects": p.redirect_paths,
        }
    )


def source_digest(item, status):
    """The post as exported (and the status it gets today): unchanged means nothing to redo."""
    return checksum(
        [
            IMPORT_FORMAT,
            status,
            item.title,
            item.link,
            item.guid,
            item.creator,
            item.content,
            item.excerpt,
            item.date_gmt,
            item.date_local,
            item.modified_gmt,
            item.slug,
            item.password,
            item.comment_status,
            item.categories,
            item.tags,
            item.thumbnail_id,
            item.primary_category_id,
        ]
    )


def comment_source_digest(c, article_id):
    return checksum(
        [
            IMPORT_FORMAT,
            article_id,
            c.author,
            c.email,
            c.url,
            c.date_gmt,
            c.date_local,
            c.content,
            c.approved,
            c.parent_id,
        ]
    )


class RelatedLists:
    """The related lists of the articles a run wrote. A few: each article's list refreshed by
    the engine, in finish(). Many: a full rebuild (nashir.related.bulk.rebuild), started at
    once in a second process so that it runs beside the search index on the other core
    (nashir.related.beside); finish() waits for it, and rebuilds in this process if it could
    not start or failed."""

    #: Above this many articles the whole archive is rebuilt rather than article by article.
    FULL_REBUILD = 200

    def __init__(self, ids, progress):
        self.ids, self.progress = ids, progress
        self.full = len(ids) > self.FULL_REBUILD
        self.beside = RebuildBeside() if self.full else None
        self.seconds = 0.0  # the lists' own time (the second process's, from start to end)
        self.started = time.monotonic()
        if self.full:
            self.beside.start()
            progress("related", 0, 1)

    def finish(self):
        """Every list written; True when the second process wrote them."""
        beside = self.beside is not None and self.beside.wait()
        if not beside:
            self.started = time.monotonic()
            self.make_here()
        self.seconds = time.monotonic() - self.started
        if self.full:
            self.progress("related", 1, 1)
        return beside

    def make_here(self):
        if self.full:
            related_bulk.rebuild()
            return
        for done, article_id in enumerate(self.ids, 1):
            related_engine.refresh(article_id)
            self.progress("related", done, len(self.ids))


class WordPressImporter:
    def __init__(
        self,
        path,
        *,
        media_dir=None,
        dry_run=False,
        progress=None,
        site=None,
        batch_size=BATCH_SIZE,
        scan=None,
    ):
        self.path = Path(path)
        self.scan = scan
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.dry_run = dry_run
        self.progress = progress or (lambda stage, done, total: None)
        self.requested_site = site
        self.batch_size = batch_size
        self.report = Report(dry_run)
        self._new_files = []
        self._undo = []

    # ---- the run ----

    def run(self):
        started = time.monotonic()
        if self.scan is None:
            self.scan = scan_export(self.path)
        self.export = self.scan.export
        self.site_key = self.export.site_key
        try:
            with deferred_indexing(), deferred_related():
                if self.dry_run:
                    with quiet_page_cache(), transaction.atomic():
                        self.import_everything()
                        transaction.set_rollback(True)
                else:
                    with quiet_page_cache():
                        self.import_everything()
                    finish_started = time.monotonic()
                    self.finish()
                    self.report.finish_seconds = time.monotonic() - finish_started
        except BaseException:
            # Files of the batch that was rolled back (committed batches keep theirs).
            self.delete_new_files(self._new_files)
            raise
        if self.dry_run:
            self.delete_new_files(self._new_files)
        seconds = time.monotonic() - started
        posts = sum(self.report.counts["post"][o] for o in ("created", "updated", "unchanged"))
        self.report.seconds = seconds
        self.report.posts_per_second = posts / seconds if seconds and posts else 0.0
        return self.report

    def import_everything(self):
        with transaction.atomic():
            self.prepare()
            self.import_authors()
            self.import_categories()
            self.import_tags()
        self.import_pages()
        self.import_posts()
        self.link_read_also()

    def prepare(self):
        self.home = HomePage.objects.first()
        if self.home is None:
            raise ImportAborted("no home page: run 'manage.py migrate' first")
        self.source, _ = ImportedSite.objects.get_or_create(source=self.site_key)
        self.redirect_site = self.site_for_redirects()
        self.run_started = timezone.now()
        ImportedSite.objects.filter(pk=self.source.pk).update(
            site=self.redirect_site, started_at=self.run_started
        )
        # Small kinds are kept whole; posts and comments are looked up batch by batch.
        self.mapping = {
            (m.kind, m.wp_key): m
            for m in ImportedItem.objects.filter(site=self.site_key).exclude(
                kind__in=[ImportedItem.Kind.POST, ImportedItem.Kind.COMMENT]
            )
        }
        self.attachments = self.scan.attachments
        self.attachments_by_url = self.scan.attachments_by_url
        self.post_by_link = self.scan.post_by_link
        self.importable = self.scan.importable
        mapped_posts = dict(
            ImportedItem.objects.filter(site=self.site_key, kind="post").values_list(
                "wp_key", "object_id"
            )
        )
        existing = (
            set(
                ArticlePage.objects.filter(pk__in=mapped_posts.values()).values_list(
                    "pk", flat=True
                )
            )
            if len(mapped_posts) < 5000
            else set(ArticlePage.objects.values_list("pk", flat=True))
        )
        self.page_ids = {
            int(key): pk for key, pk in mapped_posts.items() if pk in existing and key.isdigit()
        }
        self.authors = {}
        self.sections = {}
        self.sections_by_term_id = {}
        self.tags = {}
        self.images = {}
        self.missing_files = {}
        self.sibling_slugs = {}
        self.positions = bulk.TreePositions()
        self.needs_second_pass = set()
        self.touched_pages = set()
        self.purge_keys = set()
        self.comment_articles = set()
        self.new_articles = set()
        self.referenced = set()
        self.missing_images = 0
        self.batch_new = {}
        self.ahead = ConvertAhead(0)  # conversion in this process until import_posts
        self.placeholders_allowed = False
        self.last_text = None
        self.new_images = []
        self._collection = None
        self.root_url_path = self.home.url_path

    def site_for_redirects(self):
        """The nashir Site that answers this WordPress site's old addresses.

        ``--site`` names it; else the Site whose host name is the old site's; else the default
        Site — unless another WordPress site's redirects are already there, in which case a
        Site for the old host name is added (same home page), so that both keep their own
        ``/?p=123``: a reader's old link names the old host, and that host finds its Site.
        """
        if self.requested_site is not None:
            return self.requested_site
        host = urlsplit(self.site_key).hostname or ""
        scheme = urlsplit(self.site_key).scheme
        by_host = Site.objects.filter(hostname=host).order_by("-is_default_site").first()
        if by_host is not None:
            return by_host
        default = Site.objects.filter(is_default_site=True).first()
        taken = (
            ImportedSite.objects.filter(site=default)
            .exclude(source=self.site_key)
            .values_list("source", flat=True)
            .first()
        )
        if default is not None and (taken is None or not host):
            return default
        site = Site.objects.create(
            hostname=host,
            port=443 if scheme == "https" else 80,
            root_page=self.home,
            site_name=self.export.title[:255],
        )
        self.report.note(
            "redirect",
            "",
            host,
            f"the default Site already answers the old addresses of {taken}: this site's "
            f"old addresses (/?p=…, /?cat=…) are answered on a new Site «{host}» (same home "
            "page); point that host name at nashir",
        )
        return site

    def put(self, cache, key, value):
        """Set a cache entry, remembering how to undo it if the item's savepoint rolls back."""
        old = cache.get(key, _MISSING)
        if old is _MISSING:
            self._undo.append(lambda: cache.pop(key, None))
        else:
            self._undo.append(lambda: cache.__setitem__(key, old))
        cache[key] = value

    def record(self, kind, key, obj_id, digest="", source=""):
        """Create or update the mapping record of one WordPress object."""
        key = str(key)
        existing = self.mapping.get((kind, key))
        if existing:
            if (existing.object_id, existing.checksum, existing.source_checksum) != (
                obj_id,
                digest,
                source,
            ):
                old = existing.object_id, existing.checksum, existing.source_checksum

                def undo(item=existing, old=old):
                    item.object_id, item.checksum, item.source_checksum = old

                self._undo.append(undo)
                existing.object_id, existing.checksum = obj_id, digest
                existing.source_checksum = source
                existing.save(
                    update_fields=["object_id", "checksum", "source_checksum", "updated_at"]
                )
            return existing
        item = ImportedItem.objects.create(
            site=self.site_key,
            kind=kind,
            wp_key=key,
            object_id=obj_id,
            checksum=digest,
            source_checksum=source,
        )
        self.put(self.mapping, (kind, key), item)
        return item

    def mapped(self, kind, key, model):
        """The object a previous run made for this WordPress object, if it still exists."""
        existing = self.mapping.get((kind, str(key)))
        if existing is None:
            return None
        return model.objects.filter(pk=existing.object_id).first()

    # ---- authors ----

    def import_authors(self):
        for author in self.export.authors:
            if not author.login:
                self.report.skip("author", "?", author.name, "no login in the export")
                continue
            self.author_for(
                author.login, author.name, author.email, declared=True, wp_id=author.wp_id
            )

    def author_for(self, login, name="", email="", declared=False, wp_id=None):
        if login in self.authors:
            return self.authors[login]
        name = (name or login)[:120]
        email = email if "@" in (email or "") else ""
        digest = checksum([name, email])
        author = self.mapped("author", login, Author)
        nicename = wp_nicename(login)[:120] or "author"
        if author is None:
            # An author the newsroom already made (same e-mail, or same slug) is reused.
            adopted_ids = {m.object_id for (k, _), m in self.mapping.items() if k == "author"}
            candidates = Author.objects.exclude(pk__in=adopted_ids)
            author = (email and candidates.filter(email__iexact=email).first()) or (
                candidates.filter(slug=nicename).first()
            )
            if author is not None:
                self.report.note(
                    "author", login, name, f"matched the existing author «{author.name}»"
                )
                if email and not author.email:
                    author.email = email
                    author.save(update_fields=["email"])
        mapping = self.mapping.get(("author", login))
        if author is None:
            author = Author.objects.create(
                name=name, slug=self.unique_author_slug(nicename), email=email
            )
            self.report.count("author", "created")
            if not declared:
                self.report.note(
                    "author", login, name, "not in the export's author list; made from the login"
                )
        elif mapping is None or mapping.checksum == digest:
            self.report.count("author", "unchanged")  # adopted authors keep their own name
        else:
            author.name, author.email = name, email or author.email
            author.save(update_fields=["name", "email"])
            self.report.count("author", "updated")
            self.purge_keys.update({Key.author(author), Key.author_list(author)})
        self.record("author", login, author.pk, digest)
        old = [f"/author/{nicename}/"] if nicename != author.slug else []
        if wp_id:
            old.append(f"/?author={wp_id}")
        self.ensure_redirects("author", old, link=author.get_absolute_url())
        self.put(self.authors, login, author)
        return author

    def unique_author_slug(self, slug):
        candidate, n = slug, 2
        while Author.objects.filter(slug=candidate).exists():
            candidate, n = f"{slug}-{n}", n + 1
        return candidate

    # ---- categories → sections ----

    def import_categories(self):
        by_slug = {c.slug: c for c in self.export.categories}
        for term in self.export.categories:
            if not term.slug:
                self.report.skip("category", term.wp_id, term.name, "no nicename (slug)")
                continue
            section = self.section_for_term(term.slug, term.name, term.wp_id, term.parent_slug)
            chain, parent, seen = [term.slug], term.parent_slug, set()
            while parent and parent in by_slug and parent not in seen:
                seen.add(parent)
                chain.insert(0, parent)
                parent = by_slug[parent].parent_slug
            old = {f"/category/{term.slug}/", f"/category/{'/'.join(chain)}/"}
            if term.wp_id:
                old.add(f"/?cat={term.wp_id}")
            self.ensure_redirects("category", sorted(old), page=section)

    def section_for_term(self, slug, name, wp_id=None, parent_slug=""):
        if slug in self.sections:
            return self.sections[slug]
        key = str(wp_id) if wp_id else f"slug:{slug}"
        title = (name or slug)[:TITLE_MAX]
        digest = checksum([title, slug, parent_slug])
        section = self.mapped("category", key, SectionPage)
        new_slug = self.clean_slug(slug, fallback=f"section-{wp_id or 0}")
        if section is None:
            section = SectionPage.objects.child_of(self.home).filter(slug=new_slug).first()
        if section is None:
            if Page.objects.child_of(self.home).filter(slug=new_slug).exists():
                new_slug = f"{new_slug[:190]}-{wp_id or 0}"
            section = SectionPage(title=title, slug=new_slug, show_in_menus=not parent_slug)
            self.home.add_child(instance=section)
            section.save_revision(log_action=False).publish(log_action=False)
            self.report.count("category", "created")
            self.changed_page(section, Key.SITE)  # the section menu is on every page
        elif (
            self.mapping.get(("category", key))
            and self.mapping[("category", key)].checksum == digest
        ):
            self.report.count("category", "unchanged")
        else:
            if section.title != title:
                section.title = title
                section.save_revision(log_action=False).publish(log_action=False)
                self.changed_page(section, Key.SITE)
            self.report.count("category", "updated")
        self.record("category", key, section.pk, digest)
        self.put(self.sections, slug, section)
        if wp_id:
            self.put(self.sections_by_term_id, wp_id, slug)
        return section

    # ---- tags ----

    def import_tags(self):
        for term in self.export.tags:
            if not term.name:
                self.report.skip("tag", term.wp_id, term.slug, "no name")
                continue
            tag = self.tag_for(term.slug, term.name, term.wp_id)
            old = [f"/tag/{term.slug}/"] if term.slug and term.slug != tag.slug else []
            if term.slug:
                old.append(f"/?tag={term.slug}")
            self.ensure_redirects("tag", old, link=f"/tag/{tag.slug}/")

    def tag_for(self, slug, name, wp_id=None):
        name = (name or slug)[:100]
        cache_key = (slug or name).lower()
        if cache_key in self.tags:
            return self.tags[cache_key]
        key = str(wp_id) if wp_id else f"slug:{slug or name}"
        tag = self.mapped("tag", key, Tag)
        if tag is None and slug:
            tag = Tag.objects.filter(slug=slug[:100]).first()
        if tag is None:
            tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag_slug = self.clean_slug(slug or name, fallback=f"tag-{wp_id or 0}")[:100]
            if Tag.objects.filter(slug=tag_slug).exists():
                tag_slug = f"{tag_slug[:90]}-{wp_id or Tag.objects.count()}"
            tag = Tag.objects.create(name=name, slug=tag_slug)
            self.report.count("tag", "created")
        else:
            self.report.count("tag", "unchanged")
        self.record("tag", key, tag.pk)
        self.put(self.tags, cache_key, tag)
        return tag

    # ---- WordPress pages → standard pages ----

    def import_pages(self):
        """WordPress pages (about, contact, privacy …) as editable standard pages, parents first.

        They are few, so each goes through Wagtail's own add_child/save_revision/publish.
        """
        pages = {item.wp_id: item for item in self.scan.pages}

        def depth(item, seen=()):
            parent = pages.get(item.parent_id)
            if parent is None or parent.wp_id in seen:
                return 0
            return depth(parent, (*seen, item.wp_id)) + 1

        ordered = sorted(pages.values(), key=lambda i: (depth(i), i.menu_order, i.wp_id))
        self.standard_pages = {}
        for done, item in enumerate(ordered, 1):
            self.import_one(item, self.save_page, "page")
            self.progress("pages", done, len(ordered))

    def save_page(self, item):
        status = STATUS[item.status]
        if status == "scheduled" and (self.post_date(item) or timezone.now()) <= timezone.now():
            status = "published"
        notes = []
        if item.password and status != "draft":
            notes.append("password-protected in WordPress: imported as a draft, not public")
            status = "draft"
        if item.status == "private":
            notes.append("private in WordPress: imported as a draft, not public")
        parent = self.standard_pages.get(item.parent_id) or self.home
        if item.parent_id and item.parent_id not in self.standard_pages:
            notes.append(f"its parent page {item.parent_id} was not imported: placed at the top")
        title = " ".join(item.title.split()) or UNTITLED
        title = title[:TITLE_MAX]
        body = []
        for kind, value in self.body_blocks(item, notes, read_also=False):
            body.append((kind, value))
        intro = wp_content.plain_text(item.excerpt, INTRO_MAX)
        in_footer = status == "published" and is_footer_page(item)
        page = self.mapped("page", item.wp_id, StandardPage)
        slug = self.clean_slug(item.slug or title, fallback=f"page-{item.wp_id}")
        siblings = Page.objects.child_of(parent).filter(slug=slug)
        if page is not None:
            siblings = siblings.exclude(pk=page.pk)
        if siblings.exists():
            slug = f"{slug[:190]}-{item.wp_id}"
        redirect_paths = []
        if status != "draft":
            redirect_paths = sorted(
                {f"/?page_id={item.wp_id}", f"/?p={item.wp_id}"}
                | {p for p in (old_paths(item.link), old_paths(item.guid)) if p}
            )
        digest = checksum(
            {
                "title": title,
                "slug": slug,
                "parent": parent.pk,
                "intro": intro,
                "body": fingerprint(body),
                "status": status,
                "footer": in_footer,
                "redirects": redirect_paths,
            }
        )
        mapping = self.mapping.get(("page", str(item.wp_id)))
        if page is not None and mapping and mapping.checksum == digest:
            self.put(self.standard_pages, item.wp_id, page)
            self.ensure_redirects("page", redirect_paths, page=page)
            return "unchanged"
        outcome = "created" if page is None else "updated"
        if page is None:
            page = StandardPage(live=False)
        page.title, page.draft_title, page.slug = title, title, slug
        page.intro = intro
        page.body = body
        page.show_in_menus = in_footer
        if outcome == "created":
            parent.add_child(instance=page)
        elif page.get_parent().pk != parent.pk:
            page.move(parent, pos="last-child")
            page = StandardPage.objects.get(pk=page.pk)
        revision = page.save_revision(log_action=False)
        if status == "draft":
            if page.live:
                page.unpublish(log_action=False)
        else:
            revision.publish(log_action=False)
            when = self.post_date(item) or timezone.now()
            modified = as_utc(item.modified_gmt)
            StandardPage.objects.filter(pk=page.pk).update(
                first_published_at=when,
                last_published_at=max(when, modified) if modified else when,
            )
        self.changed_page(page, Key.SITE if in_footer or page.show_in_menus else None)
        self.put(self.standard_pages, item.wp_id, page)
        self.record("page", item.wp_id, page.pk, digest)
        self.ensure_redirects("page", redirect_paths, page=page)
        for text in notes:
            self.report.note("page", item.wp_id, title, text)
        if in_footer:
            self.report.note("page", item.wp_id, title, "linked from the footer")
        return outcome

    def import_one(self, item, save, kind, count=True):
        """One item in its own savepoint: if it fails, it alone is rolled back and listed."""
        if item.status in SKIPPED_STATUS:
            self.report.skip(kind, item.wp_id, item.title, SKIPPED_STATUS[item.status])
            return None
        if item.status not in STATUS:
            self.report.skip(kind, item.wp_id, item.title, f"unknown status «{item.status}»")
            return None
        files_before = len(self._new_files)
        snapshot = self.report.snapshot()
        self._undo = []
        try:
            with transaction.atomic():
                outcome = save(item)
        except Exception as exc:  # one bad item must not stop the others
            self.roll_back_item(files_before, snapshot)
            self.report.fail(kind if count else "post", item.wp_id, item.title, describe(exc))
            return None
        if count:
            self.report.count(kind, outcome)
        return outcome

    # ---- posts → articles ----

    def import_posts(self):
        for wp_id, title, reason in self.scan.skipped:
            self.report.skip("post", wp_id, title, reason)
        total = self.scan.posts
        done = 0
        # Each batch's HTML goes to a worker as soon as it is read, while the batch before it
        # is written (nashir.wordpress.ahead).
        with ConvertAhead(total) as self.ahead:
            stream = batches(iter_posts(self.path), self.batch_size)
            batch = next(stream, None)
            if batch:
                self.ahead.submit(self.contents_to_convert(batch))
            while batch:
                following = next(stream, None)
                if following:
                    self.ahead.submit(self.contents_to_convert(following))
                self.import_batch(batch)
                self.ahead.forget([item.content for item in batch])
                done += len(batch)
                self.progress("posts", done, total)
                batch = following
        self.ahead = ConvertAhead(0)  # later passes convert in this process

    def import_batch(self, batch):
        """One transaction: every post of the batch whole, or none of it (a stopped run)."""
        files_before = len(self._new_files)
        snapshot = self.report.snapshot()
        self._undo = []
        try:
            with transaction.atomic():
                self.write_batch(batch)
        except Exception:
            # Something failed in the bulk writes: find which post, one post at a time.
            self.roll_back_item(files_before, snapshot)
            self.positions.forget()
            self.sibling_slugs.clear()
            for item in batch:
                files_before = len(self._new_files)
                snapshot = self.report.snapshot()
                self._undo = []
                try:
                    with transaction.atomic():
                        self.write_batch([item])
                except Exception as exc:
                    self.roll_back_item(files_before, snapshot)
                    self.positions.forget()
                    self.sibling_slugs.clear()
                    self.report.fail("post", item.wp_id, item.title, describe(exc))

    def posts_mapping(self, batch):
        """What earlier runs recorded of the batch's posts, by WordPress id (one query)."""
        keys = [str(item.wp_id) for item in batch]
        return {
            m.wp_key: m
            for m in ImportedItem.objects.filter(site=self.site_key, kind="post", wp_key__in=keys)
        }

    def write_batch(self, batch):
        mapping = self.posts_mapping(batch)
        new, unchanged, redirects = [], [], {}
        self.batch_new = {}
        for item in batch:
            if item.status in SKIPPED_STATUS:
                self.report.skip("post", item.wp_id, item.title, SKIPPED_STATUS[item.status])
                continue
            if item.status not in STATUS:
                self.report.skip("post", item.wp_id, item.title, f"unknown status «{item.status}»")
                continue
            # Unchanged since the last run (the usual case of a re-run): nothing is written,
            # so no savepoint is needed (two round trips per post on PostgreSQL).
            skipped = self.unchanged_post(item, mapping.get(str(item.wp_id)))
            if skipped is not None:
                self.report.count("post", "unchanged")
                unchanged.append(item)
                redirects.update(skipped)
                continue
            snapshot = self.report.snapshot()
            undo_before = len(self._undo)
            files_before = len(self._new_files)
            try:
                with transaction.atomic():
                    outcome, prepared = self.import_post(item, mapping.get(str(item.wp_id)))
            except Exception as exc:  # one bad post must not stop the others
                for undo in reversed(self._undo[undo_before:]):
                    undo()
                del self._undo[undo_before:]
                self.report.restore(snapshot)
                created = self._new_files[files_before:]
                del self._new_files[files_before:]
                self.delete_new_files(created)
                self.report.fail("post", item.wp_id, item.title, describe(exc))
                continue
            if outcome == "new":
                new.append(prepared)
                self.batch_new[item.wp_id] = prepared
            else:
                self.report.count("post", outcome)
                if outcome == "unchanged":
                    unchanged.append(item)
                if prepared is not None:
                    redirects.update(prepared)
        if new:
            self.create_articles(new, mapping)
            for prepared in new:
                redirects.update(dict.fromkeys(prepared.redirect_paths, (prepared.page.pk, "")))
        self.sync_redirects("post", redirects)
        self.import_comments(batch)

    def is_unchanged(self, item, mapping):
        """The post is as the last run imported it (its page exists, its source digest is the
        one recorded)."""
        return (
            self.page_ids.get(item.wp_id) is not None
            and mapping is not None
            and mapping.source_checksum == source_digest(item, self.effective_status(item))
        )

    def unchanged_post(self, item, mapping):
        """{old path: (page, link)} when the post is as the last run imported it, else None."""
        if not self.is_unchanged(item, mapping):
            return None
        paths = self.post_old_paths(item) if self.effective_status(item) != "draft" else []
        return dict.fromkeys(paths, (self.page_ids[item.wp_id], ""))

    def contents_to_convert(self, batch):
        """The HTML of the batch's posts that will be converted: not those unchanged since the
        last run (a re-run would otherwise convert the whole archive in the worker)."""
        if self.ahead.pool is None:
            return []
        mapping = self.posts_mapping(batch)
        return [
            item.content
            for item in batch
            if item.status in STATUS and not self.is_unchanged(item, mapping.get(str(item.wp_id)))
        ]

    def import_post(self, item, mapping):
        """("unchanged" | "updated", {old path: (page, link)}) or ("new", PreparedPost), for a
        post whose source changed since the last run (write_batch skips the others)."""
        status = self.effective_status(item)
        source = source_digest(item, status)
        page = self.mapped_page(item)
        prepared = self.prepare_post(item, status, source, new=page is None)
        if page is None:
            return "new", prepared
        prepared.page = page
        if mapping is not None and mapping.checksum == prepared.digest:
            # Converted again (an earlier run left something unresolved, or it ran an older
            # version of the importer) with the same result.
            if not prepared.unresolved:
                self.record_post(item, page.pk, prepared, mapping)
            return "unchanged", dict.fromkeys(prepared.redirect_paths, (page.pk, ""))
        self.update_article(prepared, mapping)
        return "updated", dict.fromkeys(prepared.redirect_paths, (prepared.page.pk, ""))

    def effective_status(self, item):
        status = STATUS[item.status]
        if status == "scheduled" and (self.post_date(item) or timezone.now()) <= timezone.now():
            status = "published"
        if item.password and status != "draft":
            status = "draft"
        return status

    def mapped_page(self, item):
        page_id = self.page_ids.get(item.wp_id)
        if page_id is None:
            return None
        return ArticlePage.objects.filter(pk=page_id).first()

    def prepare_post(self, item, status, source, new=False):
        """Convert one post (sections, tags, authors, body, images) without writing the article.

        A new post's read-also links may point at posts earlier in the same batch, whose ids
        come with the batch's INSERT: its digest is taken once they have them."""
        notes = []
        section = self.section_for_post(item)
        tags = self.tags_for_post(item, section)
        authors = [self.author_for(item.creator)] if item.creator else []
        missing_before = self.missing_images
        self.placeholders_allowed = new
        try:
            body, pending_read_also = self.body_for(item, notes)
        finally:
            self.placeholders_allowed = False
        unresolved = pending_read_also or self.missing_images > missing_before
        featured = None
        if item.thumbnail_id:
            featured, problem = self.image_for(item.thumbnail_id)
            if problem:
                notes.append(f"featured image: {problem}")
                unresolved = True
        title = " ".join(item.title.split()) or UNTITLED
        if len(title) > TITLE_MAX:
            notes.append("title shortened to 255 characters")
            title = title[: TITLE_MAX - 1] + "…"
        summary = self.summary_for(item, title, self.last_text)
        if not body:
            body = [("paragraph", f"<p>{wp_content.html.escape(summary, quote=False)}</p>")]
            notes.append("no content: the summary is the body")
        when = self.post_date(item) or timezone.now()
        modified = as_utc(item.modified_gmt)
        if STATUS[item.status] == "scheduled" and status == "published":
            notes.append("scheduled date has passed: published")
        if item.password and STATUS[item.status] != "draft":
            notes.append("password-protected in WordPress: imported as a draft, not public")
        if item.status == "private":
            notes.append("private in WordPress: imported as a draft, not public")
        page_id = self.page_ids.get(item.wp_id)
        slug = self.post_slug(item, title, section, page_id)
        redirect_paths = self.post_old_paths(item) if status != "draft" else []
        prepared = PreparedPost(
            item=item,
            status=status,
            title=title,
            slug=slug,
            section=section,
            tags=tags,
            authors=authors,
            body=body,
            summary=summary,
            featured=featured,
            when=when,
            modified=modified,
            comments_enabled=item.comment_status != "closed",
            redirect_paths=redirect_paths,
            digest="",
            source_digest=source,
            unresolved=unresolved,
            pending_read_also=pending_read_also,
            notes=notes,
        )
        if not new:
            prepared.digest = post_digest(prepared)
        return prepared

    def create_articles(self, prepared, mapping):
        """New articles of one batch, in bulk (see bulk.py), as Wagtail would have made them."""
        now = timezone.now()
        added = Counter()
        pages = []
        for p in prepared:
            published = p.status == "published"
            last = max(p.when, p.modified) if p.modified and published else p.when
            page = bulk.new_page(
                ArticlePage,
                p.section,
                self.positions,
                slug=p.slug,
                title=p.title,
                locale_id=self.home.locale_id,
                live=published,
                has_unpublished_changes=not published,
                first_published_at=p.when if published else None,
                last_published_at=last if published else None,
                latest_revision_created_at=last if published else now,
                go_live_at=p.when if p.status == "scheduled" else None,
                show_in_menus=False,
                summary=p.summary,
                featured_image=p.featured,
                body=p.body,
                published_at=p.when if published else None,
                comments_enabled=p.comments_enabled,
                section_id=p.section.pk,
            )
            p.page = page
            added[p.section] += 1
            pages.append(page)
        authors = {id(p.page): p.authors for p in prepared}
        tags = {id(p.page): p.tags for p in prepared}
        bulk.create_pages(
            ArticlePage,
            pages,
            children={
                "bylines": lambda page: [
                    ArticleByline(article_id=page.pk, author=a, sort_order=i)
                    for i, a in enumerate(authors[id(page)])
                ],
                "tagged_items": lambda page: [
                    ArticleTag(content_object_id=page.pk, tag=t) for t in tags[id(page)]
                ],
            },
        )
        for p in prepared:  # read-also links within the batch now have their ids
            p.digest = post_digest(p)
        scheduled = {id(p.page): p.when for p in prepared if p.status == "scheduled"}
        bulk.create_revisions(
            pages,
            created_at=now,
            approved_go_live_at=lambda page: scheduled.get(id(page)),
            publish=lambda page: page.live,
        )
        bulk.count_children(added)
        # The reference index now, from the pages still in memory: their body blocks and child
        # objects are at hand, where the same work at the end reads each target page again.
        bulk.index_references(pages)
        for page in pages:
            self.referenced.add(page.pk)
            self._undo.append(lambda pk=page.pk: self.referenced.discard(pk))
        records, updates = [], []
        for p in prepared:
            wp_id = p.item.wp_id
            section_slugs = self.sibling_slugs.setdefault(p.section.pk, {})
            self.put(section_slugs, p.slug, p.page.pk)
            self.put(self.page_ids, wp_id, p.page.pk)
            self.new_articles.add(p.page.pk)
            self._undo.append(lambda pk=p.page.pk: self.new_articles.discard(pk))
            self.touch(p.page)
            if p.status == "published":
                self.purge_keys.update(self.article_list_keys(p))
            if p.pending_read_also and wp_id not in self.needs_second_pass:
                self.needs_second_pass.add(wp_id)
                self._undo.append(lambda w=wp_id: self.needs_second_pass.discard(w))
            for text in p.notes:
                self.report.note("post", wp_id, p.title, text)
            self.report.count("post", "created")
            source = "" if p.unresolved else p.source_digest
            existing = mapping.get(str(wp_id))
            if existing is None:
                records.append(
                    ImportedItem(
                        site=self.site_key,
                        kind="post",
                        wp_key=str(wp_id),
                        object_id=p.page.pk,
                        checksum=p.digest,
                        source_checksum=source,
                    )
                )
            else:  # the article was deleted in nashir: made again
                existing.object_id, existing.checksum = p.page.pk, p.digest
                existing.source_checksum, existing.updated_at = source, now
                updates.append(existing)
        bulk.insert_rows(ImportedItem, records)
        if updates:
            ImportedItem.objects.bulk_update(
                updates, ["object_id", "checksum", "source_checksum", "updated_at"]
            )

    def article_list_keys(self, p):
        """Page-cache keys of the lists a new article appears in (its own page is new)."""
        return {
            Key.section(p.section),
            Key.HOME,
            Key.FEEDS,
            *map(Key.tag, p.tags),
            *map(Key.author_list, p.authors),
        }

    def record_post(self, item, page_id, prepared, mapping):
        source = "" if prepared.unresolved else prepared.source_digest
        now = timezone.now()
        if mapping is None:
            ImportedItem.objects.create(
                site=self.site_key,
                kind="post",
                wp_key=str(item.wp_id),
                object_id=page_id,
                checksum=prepared.digest,
                source_checksum=source,
            )
        else:
            ImportedItem.objects.filter(pk=mapping.pk).update(
                object_id=page_id, checksum=prepared.digest, source_checksum=source, updated_at=now
            )

    def update_article(self, p, mapping):
        """An article changed in WordPress since the last run: a new revision, through Wagtail."""
        page = p.page
        section, status, when, modified = p.section, p.status, p.when, p.modified
        was_live = page.live
        if was_live:
            self.purge_keys.update(page.page_cache_keys(withdrawn=True))
        page.title, page.draft_title, page.slug = p.title, p.title, p.slug
        page.summary = p.summary
        page.body = p.body
        page.featured_image = p.featured
        page.comments_enabled = p.comments_enabled
        page.bylines = [ArticleByline(author=a, sort_order=i) for i, a in enumerate(p.authors)]
        page.go_live_at = when if status == "scheduled" else None
        page.published_at = when if status == "published" else None
        if page.get_parent().pk != section.pk:
            page.move(section, pos="last-child")
            page = ArticlePage.objects.get(pk=page.pk)
            self.positions.forget()
            self.purge_keys.add(Key.SITE)
        page.tags.clear()
        page.tags.add(*p.tags)
        revision = page.save_revision(log_action=False)
        if status == "draft" and page.live:
            page.unpublish(log_action=False)
        elif status == "scheduled":
            if page.live:
                page.unpublish(log_action=False)
                revision = page.save_revision(log_action=False)
            revision.publish(log_action=False)
        elif status == "published":
            revision.publish(log_action=False)
            ArticlePage.objects.filter(pk=page.pk).update(
                published_at=when,
                first_published_at=when,
                last_published_at=max(when, modified) if modified else when,
                latest_revision_created_at=max(when, modified) if modified else when,
            )
            self.purge_keys.update(page.page_cache_keys())
        p.page = page
        self.referenced.discard(page.pk)  # changed since: indexed again at the end
        self.put(self.sibling_slugs.setdefault(section.pk, {}), p.slug, page.pk)
        self.touch(page)
        self.record_post(p.item, page.pk, p, mapping)
        if p.pending_read_also and p.item.wp_id not in self.needs_second_pass:
            self.needs_second_pass.add(p.item.wp_id)
            self._undo.append(lambda w=p.item.wp_id: self.needs_second_pass.discard(w))
        for text in p.notes:
            self.report.note("post", p.item.wp_id, p.title, text)

    def roll_back_item(self, files_before, snapshot):
        """The savepoint is gone: forget its cache entries, counts and files too."""
        for undo in reversed(self._undo):
            undo()
        self._undo = []
        self.report.restore(snapshot)
        created = self._new_files[files_before:]
        del self._new_files[files_before:]
        self.delete_new_files(created)

    def touch(self, page):
        if page.pk not in self.touched_pages:
            self.touched_pages.add(page.pk)
            self._undo.append(lambda: self.touched_pages.discard(page.pk))

    def changed_page(self, page, key=None):
        """A section or standard page written: indexed at the end, its pages purged."""
        self.touch(page)
        self.purge_keys.add(key or Key.page(page))

    def link_read_also(self):
        """Second pass: read-also links to posts that were imported after the post linking them.

        The file is read once more for just those posts (the posts are not kept in memory).
        """
        if not self.needs_second_pass:
            return
        pending = set(self.needs_second_pass)
        done = 0
        for item in iter_posts(self.path):
            if item.wp_id not in pending:
                continue
            outcome = self.import_one(item, self.relink_post, "post", count=False)
            if outcome == "updated":
                self.report.read_also_linked += 1
            done += 1
            self.progress("read-also", done, len(pending))

    def relink_post(self, item):
        """The body again, now that every article exists: a new revision if links resolved."""
        mapping = ImportedItem.objects.filter(
            site=self.site_key, kind="post", wp_key=str(item.wp_id)
        ).first()
        status = self.effective_status(item)
        prepared = self.prepare_post(item, status, source_digest(item, status))
        page = self.mapped_page(item)
        if page is None or mapping is None or mapping.checksum == prepared.digest:
            return "unchanged"
        prepared.page = page
        self.update_article(prepared, mapping)
        return "updated"

    def finish(self):
        """The end work, once for everything written since the last run that completed it:
        search and reference index, related lists, database upkeep, the page cache."""
        pending = ImportedItem.objects.filter(site=self.site_key)
        if self.source.finished_at is not None:
            pending = pending.filter(updated_at__gte=self.source.finished_at)
        resumed = (
            set(
                pending.filter(kind__in=["post", "page", "category"]).values_list(
                    "object_id", flat=True
                )
            )
            - self.touched_pages
        )
        if resumed:
            self.report.resumed = len(resumed)
            self.touched_pages |= resumed
            self.purge_keys.update({Key.HOME, Key.FEEDS, Key.SITE})
        related = self.relate_touched_articles()
        self.index_touched_pages()
        self.index_new_images(pending)
        self.report.related_beside = related.finish()
        self.report.related_seconds = related.seconds
        self.announce_changed_comments()
        if self.touched_pages or self.report.counts["comment"]["created"]:
            upkeep.run(force=True)  # thousands of new rows: new statistics, merged index
        self.purge_changed()
        ImportedSite.objects.filter(pk=self.source.pk).update(finished_at=timezone.now())

    def purge_changed(self):
        """Purge the cached pages showing what this run changed — nothing when nothing did."""
        keys = sorted(self.purge_keys)
        if Key.SITE in keys:
            keys = [Key.SITE]
        for start in range(0, len(keys), 200):
            purge(*keys[start : start + 200])

    def index_touched_pages(self):
        """Search and reference index for every page the run wrote, once each and in bulk; then
        what the search index really holds for them, read back from it, for the report."""
        from nashir.search.indexing import count_indexed

        ids = sorted(self.touched_pages)
        # A generator: listed once, or every chunk after the first would find it used up.
        backends = list(get_search_backends(with_auto_update=True))
        written = {ArticlePage: [], SectionPage: [], StandardPage: []}
        labels = {ArticlePage: "articles", SectionPage: "sections", StandardPage: "pages"}
        for start in range(0, len(ids), INDEX_CHUNK):
            chunk = ids[start : start + INDEX_CHUNK]
            for model in (ArticlePage, SectionPage, StandardPage):
                pages = list(model.get_indexed_objects().filter(pk__in=chunk))
                if not pages:
                    continue
                for backend in backends:
                    backend.add_bulk(model, pages)
                for page in pages:
                    if page.pk not in self.referenced:  # done when written (create_articles)
                        ReferenceIndex.create_or_update_for_object(page)
                written[model] += [page.pk for page in pages]
            self.progress("index", min(start + INDEX_CHUNK, len(ids)), len(ids))
        self.report.search_index = {
            labels[model]: (count_indexed(model, pks), len(pks))
            for model, pks in written.items()
            if pks or model is not StandardPage  # an export without pages says nothing of them
        }

    def index_new_images(self, pending):
        """Images made by this run (or a stopped one) into the search index, in bulk."""
        Image = get_image_model()
        if Image not in search_index.get_indexed_models():
            return
        ids = list(pending.filter(kind="attachment").values_list("object_id", flat=True))
        backends = list(get_search_backends(with_auto_update=True))
        for start in range(0, len(ids), INDEX_CHUNK):
            chunk = ids[start : start + INDEX_CHUNK]
            images = list(Image.get_indexed_objects().filter(pk__in=chunk))
            for backend in backends:
                backend.add_bulk(Image, images)

    def relate_touched_articles(self):
        """Related lists once for the whole run, started now (see RelatedLists)."""
        ids = list(
            ArticlePage.objects.live()
            .filter(pk__in=self.touched_pages)
            .values_list("pk", flat=True)
        )
        return RelatedLists(ids, self.progress)

    def post_date(self, item):
        if item.date_gmt:
            return as_utc(item.date_gmt)
        if item.date_local:
            return timezone.make_aware(item.date_local)
        return None

    def section_for_post(self, item):
        slug = None
        if item.primary_category_id and item.primary_category_id in self.sections_by_term_id:
            slug = self.sections_by_term_id[item.primary_category_id]
        categories = dict(item.categories)
        if slug is None and item.categories:
            slug = item.categories[0][0]
        if slug is None:
            return self.section_for_term(*NO_CATEGORY_SECTION)
        return self.section_for_term(slug, categories.get(slug, slug))

    def tags_for_post(self, item, section):
        """Its tags, and its other categories (nashir files an article in one section)."""
        tags = [self.tag_for(slug, name) for slug, name in item.tags if name or slug]
        for slug, name in item.categories:
            if self.sections.get(slug) is not section:
                tags.append(self.tag_for(slug, name))
        return list({t.pk: t for t in tags}.values())

    def summary_for(self, item, title, text=None):
        """The excerpt, else the start of the text (``text``: the body's, already read)."""
        summary = wp_content.plain_text(item.excerpt, SUMMARY_MAX)
        if not summary:
            if text is None:
                summary = wp_content.plain_text(item.content, SUMMARY_MAX)
            else:
                summary = wp_content.shorten(text, SUMMARY_MAX)
        return summary or title[:SUMMARY_MAX]

    def clean_slug(self, slug, fallback):
        slug = (slug or "").strip()
        if not WP_SLUG_RE.match(slug):
            slug = slugify(slug, allow_unicode=True)
        return slug[:200] or fallback

    def post_slug(self, item, title, section, page_id):
        slug = self.clean_slug(item.slug or title, fallback=f"post-{item.wp_id}")
        taken = self.sibling_slugs.get(section.pk)
        if taken is None:
            taken = dict(Page.objects.child_of(section).values_list("slug", "pk"))
            self.sibling_slugs[section.pk] = taken
        if taken.get(slug, page_id) != page_id:
            slug = f"{slug[:190]}-{item.wp_id}"
        return slug

    def post_old_paths(self, item):
        paths = {f"/?p={item.wp_id}"}
        for url in (item.link, item.guid):
            path = old_paths(url)
            if path:
                paths.add(path)
        return sorted(paths)

    def body_for(self, item, notes):
        """Body blocks with images and read-also links resolved; says whether some wait for pass 2."""
        blocks, unresolved = [], False
        for kind, value in self.body_blocks(item, notes):
            if kind == "read_also":
                target = self.post_by_link.get(link_key(value["href"]))
                if (
                    target
                    and target != item.wp_id
                    and self.placeholders_allowed
                    and target in self.batch_new
                ):
                    blocks.append(("read_also", BatchPage(self.batch_new[target])))
                    continue
                if target and target != item.wp_id and target in self.page_ids:
                    # The page by id only: the block stores the id, nothing is read for it.
                    blocks.append(("read_also", Page(id=self.page_ids[target])))
                    continue
                if target and target != item.wp_id and target in self.importable:
                    unresolved = True
                blocks.append(("paragraph", value["fallback"]))
            else:
                blocks.append((kind, value))
        return blocks, unresolved

    def body_blocks(self, item, notes, read_also=True):
        """The post's blocks with its images looked up; read-also blocks left to the caller
        (or turned back into their paragraph where the page has no read-also block)."""
        converted, self.last_text = self.ahead.convert(item.content)
        for kind, value in converted:
            if kind == "image":
                image, problem = self.image_for(value["attachment_id"], value["src"])
                if image is None:
                    notes.append(
                        f"image left out ({value['src'] or value['attachment_id']}): {problem}"
                    )
                    self.missing_images += 1
                    continue
                caption = value["caption"] or ""
                yield "image", {"image": image, "caption": caption, "credit": ""}
            elif kind == "read_also" and not read_also:
                yield "paragraph", value["fallback"]
            else:
                yield kind, value

    # ---- attachments → images ----

    @property
    def collection(self):
        if self._collection is None:
            root = Collection.get_first_root_node()
            self._collection = root.get_children().filter(name=COLLECTION_NAME).first()
            if self._collection is None:
                self._collection = root.add_child(name=COLLECTION_NAME)
                self._undo.append(lambda: setattr(self, "_collection", None))
        return self._collection

    def image_for(self, attachment_id=None, src=""):
        """(image, None) or (None, why not)."""
        wp_id = attachment_id if attachment_id in self.attachments else None
        if wp_id is None and src:
            wp_id = self.attachments_by_url.get(uploads_key(src))
        if wp_id is None:
            what = f"attachment {attachment_id}" if attachment_id else "this image"
            return None, f"{what} is not an attachment in the export"
        if wp_id in self.images:
            return self.images[wp_id], None
        if wp_id in self.missing_files:
            return None, self.missing_files[wp_id]
        image = self.mapped("attachment", wp_id, get_image_model())
        if image is None:
            image, problem = self.import_attachment(self.attachments[wp_id])
            if image is None:
                self.put(self.missing_files, wp_id, problem)
                self.report.count("attachment", "skipped")
                self.report.note("attachment", wp_id, self.attachments[wp_id].title, problem)
                return None, problem
            self.report.count("attachment", "created")
        else:
            self.report.count("attachment", "unchanged")
        self.put(self.images, wp_id, image)
        return image, None

    def attachment_file(self, item):
        relative = item.attached_file or uploads_key(item.attachment_url)
        relative = unquote(relative).lstrip("/")
        if not self.media_dir:
            return None, f"file missing: {relative} (no --media-dir given)"
        for base in (self.media_dir, self.media_dir / "wp-content" / "uploads"):
            path = (base / relative).resolve()
            if path.is_relative_to(self.media_dir) and path.is_file():
                return path, None
        return None, f"file missing: {relative} not found under {self.media_dir}"

    def import_attachment(self, item):
        path, problem = self.attachment_file(item)
        if path is None:
            return None, problem
        try:
            with PILImage.open(path) as probe:
                probe.verify()
        except Exception as exc:
            return None, f"{path.name} is not a readable image ({type(exc).__name__})"
        Image = get_image_model()
        image = Image(title=(item.title or path.stem)[:255], collection=self.collection)
        with path.open("rb") as handle:
            image.file = ImageFile(handle, name=path.name)
            image.save()
        self._new_files.append(image.file.name)
        self.record("attachment", item.wp_id, image.pk)
        return image, None

    def delete_new_files(self, names):
        """Image files saved by a run or an item that was then rolled back."""
        for name in names:
            with contextlib.suppress(Exception):  # cleaning up is best effort
                default_storage.delete(name)

    # ---- redirects ----

    def ensure_redirects(self, kind, paths, page=None, link=""):
        """Old WordPress addresses → the new page (301), answered when nashir has nothing there."""
        target = (page.pk if page is not None else None, "" if page is not None else link)
        self.sync_redirects(kind, dict.fromkeys((p for p in paths if p), target))

    def sync_redirects(self, kind, wanted):
        """Make the redirects {old path: (page id, link)} exist on this source's Site, in bulk.

        Each is counted once: created, updated (it pointed elsewhere) or unchanged.
        """
        targets = {}
        for path, (page_id, link) in wanted.items():
            normalised = Redirect.normalise_path(path)
            if len(normalised) > REDIRECT_PATH_MAX:
                self.report.note(
                    kind, "", path, "old address longer than 255 characters: no redirect"
                )
                continue
            if page_id is None and Redirect.normalise_path(link) == normalised:
                continue
            targets[normalised] = (page_id, link)
        if not targets:
            return
        site = self.redirect_site
        existing = {}
        for redirect in Redirect.objects.filter(
            site__in=[site] if site else [], old_path__in=list(targets)
        ).order_by("site_id"):
            existing[redirect.old_path] = redirect
        if site is not None:
            # Redirects of an older import were for every site: this site's take them over.
            for redirect in Redirect.objects.filter(site=None, old_path__in=list(targets)):
                if redirect.old_path not in existing:
                    existing[redirect.old_path] = redirect
        creates, updates = [], []
        for path, (page_id, link) in sorted(targets.items()):
            redirect = existing.get(path)
            if redirect is None:
                creates.append(
                    Redirect(
                        old_path=path,
                        site=site,
                        redirect_page_id=page_id,
                        redirect_link=link,
                        is_permanent=True,
                    )
                )
            elif (
                redirect.redirect_page_id == page_id
                and redirect.redirect_link == link
                and redirect.is_permanent
                and redirect.site_id == (site.pk if site else None)
            ):
                self.report.count("redirect", "unchanged")
            else:
                redirect.redirect_page_id, redirect.redirect_link = page_id, link
                redirect.is_permanent, redirect.site = True, site
                updates.append(redirect)
        bulk.insert_rows(Redirect, creates)
        if updates:
            Redirect.objects.bulk_update(
                updates, ["redirect_page", "redirect_link", "is_permanent", "site"]
            )
        self.report.count("redirect", "created", len(creates))
        self.report.count("redirect", "updated", len(updates))

    # ---- comments ----

    def import_comments(self, batch):
        """The comments of a batch's posts, threaded, in bulk, in the batch's transaction."""
        with_comments = [i for i in batch if i.comments]
        if not with_comments:
            return
        try:
            Comment = apps.get_model("discussion", "Comment")
        except LookupError:
            for item in with_comments:
                for c in item.comments:
                    self.report.skip(
                        "comment", c.wp_id, c.author, "the discussion app is not installed"
                    )
            return
        mapping = {
            m.wp_key: m
            for m in ImportedItem.objects.filter(
                site=self.site_key,
                kind="comment",
                wp_key__in=[str(c.wp_id) for i in with_comments for c in i.comments],
            )
        }
        existing = Comment.objects.in_bulk([m.object_id for m in mapping.values()])
        wanted, article_of = {}, {}
        for item in with_comments:
            page_id = self.page_ids.get(item.wp_id)
            if page_id is None:
                for c in item.comments:
                    self.report.skip(
                        "comment", c.wp_id, c.author, f"its post {item.wp_id} was not imported"
                    )
                continue
            for c in item.comments:
                if c.type in COMMENT_SKIPPED_TYPES:
                    self.report.skip(
                        "comment", c.wp_id, c.author, f"a {c.type}, not a reader's comment"
                    )
                    continue
                wanted[c.wp_id] = c
                article_of[c.wp_id] = page_id
        depth = {}

        def depth_of(cid, seen=()):
            if cid in depth:
                return depth[cid]
            parent = wanted[cid].parent_id
            d = 0 if parent not in wanted or parent in seen else depth_of(parent, (*seen, cid)) + 1
            depth[cid] = d
            return d

        levels = defaultdict(list)
        for cid in sorted(wanted):
            levels[depth_of(cid)].append(cid)
        new_ids = {}
        now = timezone.now()
        for level in sorted(levels):
            creates, updates, records, record_updates = [], [], [], []
            for cid in levels[level]:
                c, article_id = wanted[cid], article_of[cid]
                record = mapping.get(str(cid))
                comment = existing.get(record.object_id) if record else None
                source = comment_source_digest(c, article_id)
                if comment is not None and record.source_checksum == source:
                    self.report.count("comment", "unchanged")
                    new_ids[cid] = comment.pk
                    continue
                parent_id = None
                if c.parent_id:
                    parent_id = new_ids.get(c.parent_id)
                    if parent_id is None:
                        parent = mapping.get(str(c.parent_id))
                        parent_id = parent.object_id if parent else None
                    if parent_id is None:
                        self.report.note(
                            "comment",
                            cid,
                            c.author,
                            f"its parent {c.parent_id} is not in the export",
                        )
                fields = comment_fields(c, article_id, parent_id)
                digest = checksum(fields)
                if comment is not None and record.checksum == digest:
                    self.report.count("comment", "unchanged")
                    new_ids[cid] = comment.pk
                    record.source_checksum, record.updated_at = source, now
                    record_updates.append(record)
                    continue
                if comment is None:
                    if fields["status"] == "approved":
                        self.comment_articles.add(article_id)
                    comment = Comment(**fields)
                    creates.append((cid, comment, digest, source, record))
                else:
                    if comment.status == "approved" or fields["status"] == "approved":
                        self.comment_articles.add(article_id)
                    for name, value in fields.items():
                        setattr(comment, name, value)
                    updates.append((cid, comment, digest, source, record))
            # In bulk, without Comment.save(): an import is not a reader posting or an
            # editor approving, so no "comment approved" signal (or e-mail) fires.
            bulk.insert_rows(Comment, [comment for _, comment, *_ in creates], returning=True)
            if updates:
                Comment.objects.bulk_update([comment for _, comment, *_ in updates], COMMENT_FIELDS)
            for outcome, rows in (("created", creates), ("updated", updates)):
                for cid, comment, digest, source, record in rows:
                    self.report.count("comment", outcome)
                    new_ids[cid] = comment.pk
                    if record is None:
                        records.append(
                            ImportedItem(
                                site=self.site_key,
                                kind="comment",
                                wp_key=str(cid),
                                object_id=comment.pk,
                                checksum=digest,
                                source_checksum=source,
                            )
                        )
                    else:
                        record.object_id, record.checksum = comment.pk, digest
                        record.source_checksum, record.updated_at = source, now
                        record_updates.append(record)
            bulk.insert_rows(ImportedItem, records)
            if record_updates:
                ImportedItem.objects.bulk_update(
                    record_updates, ["object_id", "checksum", "source_checksum", "updated_at"]
                )

    def announce_changed_comments(self):
        """Articles that were public before this run and whose public comments changed."""
        if not self.comment_articles:
            return
        Comment = apps.get_model("discussion", "Comment")
        for article_id in sorted(self.comment_articles - self.new_articles):
            announce_comments_changed(Comment, article_id)


COMMENT_FIELDS = ["article_id", "parent_id", "name", "email", "url", "body", "status", "created_at"]


def announce_comments_changed(Comment, article_id):
    """Tell the page cache (through discussion's own signal, if it has one) once per article."""
    try:
        signals = import_module(f"{Comment._meta.app_config.name}.signals")
    except ImportError:
        return
    signal = getattr(signals, "comments_changed", None)
    if signal is not None:
        signal.send(sender=Comment, article_id=article_id)


def comment_fields(c, article_id, parent_id):
    """A WordPress comment in the fields of nashir.discussion's Comment (e-mail kept, never shown)."""
    created = as_utc(c.date_gmt) or (timezone.make_aware(c.date_local) if c.date_local else None)
    body = comment_text(c.content)
    return {
        "article_id": article_id,
        "parent_id": parent_id,
        "name": (" ".join(c.author.split()) or "قارئ")[:80],
        "email": c.email[:254] if "@" in c.email else "",
        "url": c.url if c.url.startswith(("http://", "https://")) and len(c.url) <= 200 else "",
        "body": body[:5000],
        "status": c.status,
        "created_at": created or timezone.now(),
    }


def comment_text(html_text):
    """Comments are plain text in nashir; WordPress keeps a little HTML in them."""
    from bs4 import BeautifulSoup

    html_text = re.sub(r"<br\s*/?>[ \t]*\r?\n", "\n", html_text or "")
    soup = BeautifulSoup(html_text, "html.parser")
    for node in soup.find_all(wp_content.DROPPED):
        node.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for p in soup.find_all("p"):
        p.insert_after("\n\n")
    for a in soup.find_all("a", href=True):
        href = a["href"]
        if href.startswith(("http://", "https://")) and a.get_text(strip=True) != href:
            a.append(f" ({href})")
    text = soup.get_text()
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\u202a-\u202e\u2066-\u2069]", "", text)
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def fingerprint(blocks):
    """Body blocks as plain data, for the checksum (images and pages by id)."""
    out = []
    for kind, value in blocks:
        if kind == "image":
            value = {**value, "image": value["image"].pk}
        elif kind == "read_also":
            value = getattr(value, "pk", value)
        out.append([kind, value])
    return out


def describe(exc):
    if isinstance(exc, ValidationError) and hasattr(exc, "message_dict"):
        return "invalid: " + "; ".join(
            f"{field}: {' '.join(str(m) for m in messages)}"
            for field, messages in exc.message_dict.items()
        )
    return f"{type(exc).__name__}: {exc}"
