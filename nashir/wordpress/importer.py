"""The Django side of the WordPress import: authors, sections, tags, articles, images, comments,
redirects — and the mapping records that make a second run update instead of duplicate.

The whole run is one transaction; each post and each post's comments get a savepoint, so one
bad item is reported and skipped while the rest go in. A dry run is the same run rolled back at
the end, so its report is exactly what a real run would do.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
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

from nashir.news.models import ArticleByline, ArticlePage, HomePage, SectionPage
from nashir.ops import upkeep
from nashir.people.models import Author

from . import content as wp_content
from .middleware import legacy_query_path
from .models import ImportedItem
from .wxr import WPItem, WXRExport, as_utc

COLLECTION_NAME = "الأرشيف المستورد"
NO_CATEGORY_SECTION = ("archive", "الأرشيف")
UNTITLED = "بلا عنوان"
SUMMARY_MAX = 300
TITLE_MAX = 255
REDIRECT_PATH_MAX = 255

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
    "page": "a WordPress page: nashir imports articles only (copy static pages by hand)",
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


_MISSING = object()


def setattr_pair(item, pair):
    item.object_id, item.checksum = pair


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

    KINDS = ("author", "category", "tag", "post", "attachment", "comment", "redirect")
    OUTCOMES = ("created", "updated", "unchanged", "skipped", "failed")

    def __init__(self, dry_run=False):
        self.dry_run = dry_run
        self.counts = defaultdict(Counter)
        self.skipped: list[Issue] = []
        self.failed: list[Issue] = []
        self.notes: list[Issue] = []
        self.read_also_linked = 0
        #: {"articles": (found in the search index, pages the run wrote)}, read back at the end.
        self.search_index = {}
        self.seconds = 0.0
        self.posts_per_second = 0.0

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
        if self.search_index:
            out.append(self.search_index_line())
        if self.posts_per_second:
            out.append(f"time: {self.seconds:.1f} s, {self.posts_per_second:.1f} posts/s")
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
    models = [m for m in (ArticlePage, SectionPage) if m in search_index.get_indexed_models()]
    disconnected = [m for m in models if post_save.disconnect(search_post_save_handler, sender=m)]
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in disconnected:
            post_save.connect(search_post_save_handler, sender=model)


def deferred_related():
    from nashir.related.signals import deferred

    return deferred()


@contextlib.contextmanager
def one_page_cache_purge():
    """Purge nashir's page cache once at the end rather than on each of thousands of publishes."""
    try:
        from nashir.core import pagecache
    except ImportError:  # a build without the page cache
        yield
        return
    with override_settings(
        NASHIR_PAGE_CACHE=False, NASHIR_FRAGMENT_CACHE=False, NASHIR_PRERENDER=False
    ):
        yield
    pagecache.purge("site")


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


class WordPressImporter:
    def __init__(self, export: WXRExport, *, media_dir=None, dry_run=False, progress=None):
        self.export = export
        self.site_key = export.site_key
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.dry_run = dry_run
        self.progress = progress or (lambda stage, done, total: None)
        self.report = Report(dry_run)
        self._new_files = []
        self._undo = []

    # ---- the run ----

    def run(self):
        started = timezone.now()
        try:
            with (
                deferred_indexing(),
                one_page_cache_purge(),
                deferred_related(),
                transaction.atomic(),
            ):
                self.prepare()
                self.import_authors()
                self.import_categories()
                self.import_tags()
                self.import_posts()
                self.link_read_also()
                self.import_comments()
                self.index_touched_pages()
                self.relate_touched_articles()
                if self.dry_run:
                    transaction.set_rollback(True)
        except BaseException:
            self.delete_new_files(self._new_files)
            raise
        if self.dry_run:
            self.delete_new_files(self._new_files)
        else:
            upkeep.run(force=True)  # thousands of new rows: new statistics, merged index
        seconds = (timezone.now() - started).total_seconds()
        posts = sum(self.report.counts["post"][o] for o in ("created", "updated", "unchanged"))
        self.report.seconds = seconds
        self.report.posts_per_second = posts / seconds if seconds and posts else 0.0
        return self.report

    def prepare(self):
        self.home = HomePage.objects.first()
        if self.home is None:
            raise ImportAborted("no home page: run 'manage.py migrate' first")
        self.site = Site.objects.filter(is_default_site=True).first()
        self.mapping = {
            (m.kind, m.wp_key): m for m in ImportedItem.objects.filter(site=self.site_key)
        }
        self.posts = [i for i in self.export.items if i.post_type == "post"]
        self.attachments = {i.wp_id: i for i in self.export.items if i.post_type == "attachment"}
        self.attachments_by_url = {}
        for item in self.attachments.values():
            for source in (item.attachment_url, item.meta.get("_wp_attached_file", "")):
                if source:
                    self.attachments_by_url.setdefault(uploads_key(source), item.wp_id)
        self.post_by_link = {}
        for item in self.posts:
            for source in (item.link, item.guid, f"/?p={item.wp_id}"):
                if source:
                    self.post_by_link.setdefault(link_key(source), item.wp_id)
        self.importable = {i.wp_id for i in self.posts if i.status in STATUS}
        self.authors = {}
        self.sections = {}
        self.sections_by_term_id = {}
        self.tags = {}
        self.images = {}
        self.missing_files = {}
        self.sibling_slugs = {}
        self.page_ids = {
            int(key): m.object_id for (kind, key), m in self.mapping.items() if kind == "post"
        }
        self.needs_second_pass = set()
        self.touched_pages = set()
        self._collection = None

    def put(self, cache, key, value):
        """Set a cache entry, remembering how to undo it if the item's savepoint rolls back."""
        old = cache.get(key, _MISSING)
        if old is _MISSING:
            self._undo.append(lambda: cache.pop(key, None))
        else:
            self._undo.append(lambda: cache.__setitem__(key, old))
        cache[key] = value

    def record(self, kind, key, obj_id, digest=""):
        """Create or update the mapping record of one WordPress object."""
        key = str(key)
        existing = self.mapping.get((kind, key))
        if existing:
            if existing.object_id != obj_id or existing.checksum != digest:
                old = existing.object_id, existing.checksum
                self._undo.append(lambda: setattr_pair(existing, old))
                existing.object_id, existing.checksum = obj_id, digest
                existing.save(update_fields=["object_id", "checksum", "updated_at"])
            return existing
        item = ImportedItem.objects.create(
            site=self.site_key, kind=kind, wp_key=key, object_id=obj_id, checksum=digest
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
            self.author_for(author.login, author.name, author.email, declared=True)

    def author_for(self, login, name="", email="", declared=False):
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
        self.record("author", login, author.pk, digest)
        if nicename != author.slug:
            self.ensure_redirects(
                "author", [f"/author/{nicename}/"], link=author.get_absolute_url()
            )
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
            section = SectionPage(title=title, slug=new_slug, show_in_menus=not parent_slug)
            self.home.add_child(instance=section)
            section.save_revision(log_action=False).publish(log_action=False)
            self.report.count("category", "created")
        elif (
            self.mapping.get(("category", key))
            and self.mapping[("category", key)].checksum == digest
        ):
            self.report.count("category", "unchanged")
        else:
            if section.title != title:
                section.title = title
                section.save_revision(log_action=False).publish(log_action=False)
            self.report.count("category", "updated")
        self.touch(section)
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

    # ---- posts → articles ----

    def import_posts(self):
        for item in self.export.items:
            if item.post_type in ("post", "attachment"):
                continue
            reason = SKIPPED_TYPES.get(item.post_type, f"unknown post type «{item.post_type}»")
            self.report.skip("post", item.wp_id, item.title, reason)
        ordered = sorted(self.posts, key=lambda i: (self.post_date(i) or timezone.now(), i.wp_id))
        total = len(ordered)
        for done, item in enumerate(ordered, 1):
            self.import_one_post(item)
            self.progress("posts", done, total)

    def import_one_post(self, item, second_pass=False):
        if item.status in SKIPPED_STATUS:
            self.report.skip("post", item.wp_id, item.title, SKIPPED_STATUS[item.status])
            return
        if item.status not in STATUS:
            self.report.skip("post", item.wp_id, item.title, f"unknown status «{item.status}»")
            return
        files_before = len(self._new_files)
        snapshot = self.report.snapshot()
        self._undo = []
        try:
            with transaction.atomic():
                outcome = self.save_post(item)
        except Exception as exc:  # one bad post must not stop the others
            self.roll_back_item(files_before, snapshot)
            self.report.fail("post", item.wp_id, item.title, describe(exc))
            return
        if not second_pass:
            self.report.count("post", outcome)
        elif outcome != "unchanged":
            self.report.read_also_linked += 1

    def roll_back_item(self, files_before, snapshot):
        """The savepoint is gone: forget its cache entries, counts and files too."""
        for undo in reversed(self._undo):
            undo()
        self._undo = []
        self.report.restore(snapshot)
        created = self._new_files[files_before:]
        del self._new_files[files_before:]
        self.delete_new_files(created)

    def save_post(self, item: WPItem):
        status = STATUS[item.status]
        notes = []
        section = self.section_for_post(item)
        tags = self.tags_for_post(item, section)
        authors = [self.author_for(item.creator)] if item.creator else []
        body, unresolved = self.body_for(item, notes)
        featured = None
        if item.thumbnail_id:
            featured, problem = self.image_for(item.thumbnail_id)
            if problem:
                notes.append(f"featured image: {problem}")
        title = " ".join(item.title.split()) or UNTITLED
        if len(title) > TITLE_MAX:
            notes.append("title shortened to 255 characters")
            title = title[: TITLE_MAX - 1] + "…"
        summary = self.summary_for(item, title)
        if not body:
            body = [("paragraph", f"<p>{wp_content.html.escape(summary, quote=False)}</p>")]
            notes.append("no content: the summary is the body")
        when = self.post_date(item) or timezone.now()
        modified = as_utc(item.modified_gmt)
        now = timezone.now()
        if status == "scheduled" and when <= now:
            notes.append("scheduled date has passed: published")
            status = "published"
        if item.password and status != "draft":
            notes.append("password-protected in WordPress: imported as a draft, not public")
            status = "draft"
        if item.status == "private":
            notes.append("private in WordPress: imported as a draft, not public")
        page = self.mapped("post", item.wp_id, ArticlePage)
        slug = self.post_slug(item, title, section, page)
        redirect_paths = self.post_old_paths(item) if status != "draft" else []
        digest = checksum(
            {
                "title": title,
                "slug": slug,
                "section": section.pk,
                "summary": summary,
                "body": fingerprint(body),
                "image": featured.pk if featured else None,
                "tags": sorted(t.pk for t in tags),
                "authors": [a.pk for a in authors],
                "status": status,
                "when": when.isoformat(),
                "modified": modified.isoformat() if modified else None,
                "comments": item.comment_status != "closed",
                "redirects": redirect_paths,
            }
        )
        mapping = self.mapping.get(("post", str(item.wp_id)))
        if page is not None and mapping and mapping.checksum == digest:
            return "unchanged"
        outcome = "created" if page is None else "updated"
        if page is None:
            page = ArticlePage(live=False)
        page.title, page.draft_title, page.slug = title, title, slug
        page.summary = summary
        page.body = body
        page.featured_image = featured
        page.comments_enabled = item.comment_status != "closed"
        page.bylines = [ArticleByline(author=a, sort_order=i) for i, a in enumerate(authors)]
        page.go_live_at = when if status == "scheduled" else None
        page.published_at = when if status == "published" else None
        if outcome == "created":
            section.add_child(instance=page)
        elif page.get_parent().pk != section.pk:
            page.move(section, pos="last-child")
            page = self.refreshed(page)
        page.tags.clear()
        page.tags.add(*tags)
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
        self.put(self.sibling_slugs.setdefault(section.pk, {}), slug, page.pk)
        self.put(self.page_ids, item.wp_id, page.pk)
        self.touch(page)
        self.record("post", item.wp_id, page.pk, digest)
        if redirect_paths:
            self.ensure_redirects("post", redirect_paths, page=page)
        if unresolved and item.wp_id not in self.needs_second_pass:
            self.needs_second_pass.add(item.wp_id)
            self._undo.append(lambda: self.needs_second_pass.discard(item.wp_id))
        for text in notes:
            self.report.note("post", item.wp_id, title, text)
        return outcome

    def touch(self, page):
        if page.pk not in self.touched_pages:
            self.touched_pages.add(page.pk)
            self._undo.append(lambda: self.touched_pages.discard(page.pk))

    def index_touched_pages(self):
        """Search and reference index for every page the run wrote, once each and in bulk; then
        what the search index really holds for them, read back from it, for the report."""
        from nashir.search.indexing import count_indexed

        ids = sorted(self.touched_pages)
        # A generator: listed once, or every chunk after the first would find it used up.
        backends = list(get_search_backends(with_auto_update=True))
        written = {ArticlePage: [], SectionPage: []}
        labels = {ArticlePage: "articles", SectionPage: "sections"}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for model in (ArticlePage, SectionPage):
                pages = list(model.get_indexed_objects().filter(pk__in=chunk))
                if not pages:
                    continue
                for backend in backends:
                    backend.add_bulk(model, pages)
                for page in pages:
                    ReferenceIndex.create_or_update_for_object(page)
                written[model] += [page.pk for page in pages]
            self.progress("index", min(start + 500, len(ids)), len(ids))
        self.report.search_index = {
            labels[model]: (count_indexed(model, pks), len(pks)) for model, pks in written.items()
        }

    def relate_touched_articles(self):
        """Related lists once for the whole run (a full rebuild when the import is large)."""
        from django.core.management import call_command

        from nashir.related import engine

        ids = list(
            ArticlePage.objects.live()
            .filter(pk__in=self.touched_pages)
            .values_list("pk", flat=True)
        )
        if len(ids) > 200:
            call_command("compute_related", "--all", verbosity=0)
        else:
            for article_id in ids:
                engine.refresh(article_id)

    def refreshed(self, page):
        return ArticlePage.objects.get(pk=page.pk)

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

    def summary_for(self, item, title):
        text = wp_content.plain_text(item.excerpt, SUMMARY_MAX) or wp_content.plain_text(
            item.content, SUMMARY_MAX
        )
        return text or title[:SUMMARY_MAX]

    def clean_slug(self, slug, fallback):
        slug = (slug or "").strip()
        if not WP_SLUG_RE.match(slug):
            slug = slugify(slug, allow_unicode=True)
        return slug[:200] or fallback

    def post_slug(self, item, title, section, page):
        slug = self.clean_slug(item.slug or title, fallback=f"post-{item.wp_id}")
        taken = self.sibling_slugs.get(section.pk)
        if taken is None:
            taken = dict(Page.objects.child_of(section).values_list("slug", "pk"))
            self.sibling_slugs[section.pk] = taken
        mine = page.pk if page else None
        if taken.get(slug, mine) != mine:
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
        for kind, value in wp_content.to_blocks(item.content):
            if kind == "image":
                image, problem = self.image_for(value["attachment_id"], value["src"])
                if image is None:
                    notes.append(
                        f"image left out ({value['src'] or value['attachment_id']}): {problem}"
                    )
                    continue
                caption = value["caption"] or ""
                blocks.append(("image", {"image": image, "caption": caption, "credit": ""}))
            elif kind == "read_also":
                target = self.post_by_link.get(link_key(value["href"]))
                if target and target != item.wp_id and target in self.page_ids:
                    page = ArticlePage.objects.filter(pk=self.page_ids[target]).first()
                    if page is not None:
                        blocks.append(("read_also", page))
                        continue
                    blocks.append(("paragraph", value["fallback"]))
                else:
                    if target and target != item.wp_id and target in self.importable:
                        unresolved = True
                    blocks.append(("paragraph", value["fallback"]))
            else:
                blocks.append((kind, value))
        return blocks, unresolved

    def link_read_also(self):
        """Second pass: read-also links to posts that were imported after the post linking them."""
        pending = [i for i in self.posts if i.wp_id in self.needs_second_pass]
        for done, item in enumerate(pending, 1):
            self.import_one_post(item, second_pass=True)
            self.progress("read-also", done, len(pending))

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
        relative = item.meta.get("_wp_attached_file") or uploads_key(item.attachment_url)
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
        target = page.url if page is not None else link
        target_path = Redirect.normalise_path(target) if target else None
        wanted = set()
        for path in paths:
            if not path:
                continue
            normalised = Redirect.normalise_path(path)
            if normalised == target_path:
                continue
            if len(normalised) > REDIRECT_PATH_MAX:
                self.report.note(
                    kind, "", path, "old address longer than 255 characters: no redirect"
                )
                continue
            wanted.add(normalised)
        if not wanted:
            return
        existing = {r.old_path: r for r in Redirect.objects.filter(site=None, old_path__in=wanted)}
        for path in sorted(wanted):
            redirect = existing.get(path)
            if redirect is None:
                redirect = Redirect(old_path=path, site=None, is_permanent=True)
                outcome = "created"
            elif (
                redirect.redirect_page_id == (page.pk if page else None)
                and redirect.redirect_link == ("" if page else link)
                and redirect.is_permanent
            ):
                self.report.count("redirect", "unchanged")
                continue
            else:
                outcome = "updated"
            redirect.redirect_page = page
            redirect.redirect_link = "" if page else link
            redirect.is_permanent = True
            redirect.save()
            self.report.count("redirect", outcome)

    # ---- comments ----

    def import_comments(self):
        """Comments into nashir.discussion's Comment, threaded, each post in its own savepoint."""
        with_comments = [i for i in self.posts if i.comments]
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
        for done, item in enumerate(with_comments, 1):
            page_id = self.page_ids.get(item.wp_id)
            if page_id is None or (("post", str(item.wp_id)) not in self.mapping):
                for c in item.comments:
                    self.report.skip(
                        "comment", c.wp_id, c.author, f"its post {item.wp_id} was not imported"
                    )
            else:
                snapshot = self.report.snapshot()
                self._undo = []
                try:
                    with transaction.atomic():
                        counts = self.save_comments(Comment, item, page_id)
                except Exception as exc:
                    self.roll_back_item(len(self._new_files), snapshot)
                    for c in item.comments:
                        self.report.fail("comment", c.wp_id, c.author, describe(exc))
                else:
                    for outcome, n in counts.items():
                        self.report.count("comment", outcome, n)
            self.progress("comments", done, len(with_comments))

    def save_comments(self, Comment, item, article_id):
        """Parents before replies, so every reply can point at its parent's new id."""
        counts = Counter()
        wanted = {}
        for c in item.comments:
            if c.type in COMMENT_SKIPPED_TYPES:
                self.report.skip(
                    "comment", c.wp_id, c.author, f"a {c.type}, not a reader's comment"
                )
                continue
            wanted[c.wp_id] = c
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
        existing_ids = [self.mapped_id("comment", cid) for cid in wanted]
        existing = Comment.objects.in_bulk([i for i in existing_ids if i])
        new_ids, public_changed = {}, False
        for level in sorted(levels):
            creates, updates = [], []
            for cid in levels[level]:
                c = wanted[cid]
                parent_id = None
                if c.parent_id:
                    parent_id = new_ids.get(c.parent_id) or self.mapped_id("comment", c.parent_id)
                    if parent_id is None:
                        self.report.note(
                            "comment",
                            cid,
                            c.author,
                            f"its parent {c.parent_id} is not in the export",
                        )
                fields = comment_fields(c, article_id, parent_id)
                digest = checksum(fields)
                mapping = self.mapping.get(("comment", str(cid)))
                comment = existing.get(mapping.object_id) if mapping else None
                if comment is not None and mapping.checksum == digest:
                    counts["unchanged"] += 1
                    new_ids[cid] = comment.pk
                    continue
                if comment is None:
                    creates.append((cid, Comment(**fields), digest))
                else:
                    public_changed |= comment.status == "approved"
                    for name, value in fields.items():
                        setattr(comment, name, value)
                    updates.append((cid, comment, digest))
                public_changed |= fields["status"] == "approved"
            # In bulk, without Comment.save(): an import is not a reader posting or an
            # editor approving, so no "comment approved" signal (or e-mail) fires.
            Comment.objects.bulk_create([comment for _, comment, _ in creates])
            if updates:
                Comment.objects.bulk_update([comment for _, comment, _ in updates], COMMENT_FIELDS)
            for outcome, batch in (("created", creates), ("updated", updates)):
                for cid, comment, digest in batch:
                    counts[outcome] += 1
                    new_ids[cid] = comment.pk
                    self.record("comment", cid, comment.pk, digest)
        if public_changed:
            announce_comments_changed(Comment, article_id)
        return counts

    def mapped_id(self, kind, key):
        existing = self.mapping.get((kind, str(key)))
        return existing.object_id if existing else None


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
            value = value.pk
        out.append([kind, value])
    return out


def describe(exc):
    if isinstance(exc, ValidationError) and hasattr(exc, "message_dict"):
        return "invalid: " + "; ".join(
            f"{field}: {' '.join(str(m) for m in messages)}"
            for field, messages in exc.message_dict.items()
        )
    return f"{type(exc).__name__}: {exc}"
