"""Read a WordPress eXtended RSS (WXR) export into plain dataclasses — no Django here.

WordPress's Tools → Export writes RSS 2.0 with its own namespaces (``wp:``, ``content:``,
``excerpt:``, ``dc:``); versions 1.0 to 1.2 differ only in the namespace URI, so elements are
matched by local name under any ``http://wordpress.org/export/<version>/`` URI.

The file is read with defusedxml and a document type declaration is refused outright: a real
export never has one, and it is how XML bombs and external entities get in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import unquote

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
WP_NS_PREFIX = "http://wordpress.org/export/"


class WXRError(Exception):
    """The file cannot be imported at all; the message says why, for the operator."""


@dataclass
class WPAuthor:
    login: str
    display_name: str = ""
    email: str = ""
    wp_id: int | None = None
    first_name: str = ""
    last_name: str = ""

    @property
    def name(self):
        full = f"{self.first_name} {self.last_name}".strip()
        return self.display_name or full or self.login


@dataclass
class WPTerm:
    """A category or tag; ``slug`` is the nicename decoded (WordPress stores Arabic percent-encoded)."""

    taxonomy: str
    wp_id: int | None
    slug: str
    name: str
    parent_slug: str = ""
    description: str = ""


@dataclass
class WPComment:
    wp_id: int
    author: str = ""
    email: str = ""
    url: str = ""
    date_gmt: datetime | None = None
    date_local: datetime | None = None
    content: str = ""
    approved: str = "1"
    type: str = ""
    parent_id: int = 0
    user_id: int = 0

    @property
    def status(self):
        """WordPress's comment_approved as a moderation state: approved, pending, spam, trash."""
        value = (self.approved or "").strip().lower()
        if value == "1":
            return "approved"
        if value == "0":
            return "pending"
        if value == "spam":
            return "spam"
        return "trash"  # "trash" and "post-trashed"


@dataclass
class WPItem:
    """One ``<item>``: a post, a page, an attachment, a menu item … (``post_type`` says which)."""

    wp_id: int
    post_type: str
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    date_gmt: datetime | None = None
    date_local: datetime | None = None
    modified_gmt: datetime | None = None
    slug: str = ""
    status: str = ""
    parent_id: int = 0
    menu_order: int = 0
    password: str = ""
    sticky: bool = False
    comment_status: str = "open"
    attachment_url: str = ""
    categories: list[tuple[str, str]] = field(default_factory=list)  # (slug, name)
    tags: list[tuple[str, str]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[WPComment] = field(default_factory=list)

    @property
    def thumbnail_id(self):
        value = self.meta.get("_thumbnail_id", "").strip()
        return int(value) if value.isdigit() else None

    @property
    def primary_category_id(self):
        value = self.meta.get("_yoast_wpseo_primary_category", "").strip()
        return int(value) if value.isdigit() else None


@dataclass
class WXRExport:
    version: str = ""
    title: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    link: str = ""
    authors: list[WPAuthor] = field(default_factory=list)
    categories: list[WPTerm] = field(default_factory=list)
    tags: list[WPTerm] = field(default_factory=list)
    items: list[WPItem] = field(default_factory=list)

    @property
    def site_key(self):
        """What identifies this WordPress site across runs (its mapping records are keyed on it)."""
        return (self.base_site_url or self.base_blog_url or self.link or "wordpress").rstrip("/")


def local_name(tag):
    """``{http://wordpress.org/export/1.2/}post_id`` → ``wp:post_id``; RSS's own tags unchanged."""
    if not tag.startswith("{"):
        return tag
    uri, _, name = tag[1:].partition("}")
    if uri.startswith(WP_NS_PREFIX):
        return f"excerpt:{name}" if uri.rstrip("/").endswith("/excerpt") else f"wp:{name}"
    if uri == CONTENT_NS:
        return f"content:{name}"
    if uri == DC_NS:
        return f"dc:{name}"
    return name


def parse_date(value):
    """WordPress writes ``YYYY-MM-DD HH:MM:SS``, and ``0000-00-00 00:00:00`` for "not set"."""
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def as_int(value, default=0):
    value = (value or "").strip()
    return int(value) if value.lstrip("-").isdigit() else default


def decode_slug(value):
    """Nicenames and post names hold Arabic percent-encoded (``%d8%b3…``); keep the letters."""
    return unquote((value or "").strip())


def _children(element):
    """The text of each direct child by local name (first one wins)."""
    values = {}
    for child in element:
        values.setdefault(local_name(child.tag), child.text or "")
    return values


def _author(element):
    v = _children(element)
    return WPAuthor(
        login=v.get("wp:author_login", "").strip(),
        display_name=v.get("wp:author_display_name", "").strip(),
        email=v.get("wp:author_email", "").strip(),
        wp_id=as_int(v.get("wp:author_id"), None),
        first_name=v.get("wp:author_first_name", "").strip(),
        last_name=v.get("wp:author_last_name", "").strip(),
    )


def _category(element):
    v = _children(element)
    return WPTerm(
        taxonomy="category",
        wp_id=as_int(v.get("wp:term_id"), None),
        slug=decode_slug(v.get("wp:category_nicename")),
        name=(v.get("wp:cat_name") or "").strip(),
        parent_slug=decode_slug(v.get("wp:category_parent")),
        description=(v.get("wp:category_description") or "").strip(),
    )


def _tag(element):
    v = _children(element)
    return WPTerm(
        taxonomy="post_tag",
        wp_id=as_int(v.get("wp:term_id"), None),
        slug=decode_slug(v.get("wp:tag_slug")),
        name=(v.get("wp:tag_name") or "").strip(),
        description=(v.get("wp:tag_description") or "").strip(),
    )


def _term(element):
    """``wp:term`` covers every taxonomy; only categories and tags matter here."""
    v = _children(element)
    return WPTerm(
        taxonomy=(v.get("wp:term_taxonomy") or "").strip(),
        wp_id=as_int(v.get("wp:term_id"), None),
        slug=decode_slug(v.get("wp:term_slug")),
        name=(v.get("wp:term_name") or "").strip(),
        parent_slug=decode_slug(v.get("wp:term_parent")),
        description=(v.get("wp:term_description") or "").strip(),
    )


def _comment(element):
    v = _children(element)
    return WPComment(
        wp_id=as_int(v.get("wp:comment_id")),
        author=(v.get("wp:comment_author") or "").strip(),
        email=(v.get("wp:comment_author_email") or "").strip(),
        url=(v.get("wp:comment_author_url") or "").strip(),
        date_gmt=parse_date(v.get("wp:comment_date_gmt")),
        date_local=parse_date(v.get("wp:comment_date")),
        content=v.get("wp:comment_content") or "",
        approved=(v.get("wp:comment_approved") or "").strip(),
        type=(v.get("wp:comment_type") or "").strip(),
        parent_id=as_int(v.get("wp:comment_parent")),
        user_id=as_int(v.get("wp:comment_user_id")),
    )


def _item(element):
    v = _children(element)
    item = WPItem(
        wp_id=as_int(v.get("wp:post_id")),
        post_type=(v.get("wp:post_type") or "").strip(),
        title=(v.get("title") or "").strip(),
        link=(v.get("link") or "").strip(),
        guid=(v.get("guid") or "").strip(),
        creator=(v.get("dc:creator") or "").strip(),
        content=v.get("content:encoded") or "",
        excerpt=(v.get("excerpt:encoded") or "").strip(),
        date_gmt=parse_date(v.get("wp:post_date_gmt")),
        date_local=parse_date(v.get("wp:post_date")),
        modified_gmt=parse_date(v.get("wp:post_modified_gmt")),
        slug=decode_slug(v.get("wp:post_name")),
        status=(v.get("wp:status") or "").strip(),
        parent_id=as_int(v.get("wp:post_parent")),
        menu_order=as_int(v.get("wp:menu_order")),
        password=v.get("wp:post_password") or "",
        sticky=(v.get("wp:is_sticky") or "").strip() == "1",
        comment_status=(v.get("wp:comment_status") or "open").strip(),
        attachment_url=(v.get("wp:attachment_url") or "").strip(),
    )
    for child in element:
        name = local_name(child.tag)
        if name == "category":
            pair = (decode_slug(child.get("nicename")), (child.text or "").strip())
            if child.get("domain") == "category":
                item.categories.append(pair)
            elif child.get("domain") == "post_tag":
                item.tags.append(pair)
        elif name == "wp:postmeta":
            meta = _children(child)
            key = (meta.get("wp:meta_key") or "").strip()
            if key:
                item.meta[key] = meta.get("wp:meta_value") or ""
        elif name == "wp:comment":
            item.comments.append(_comment(child))
    return item


def iter_wxr(source):
    """Stream a WXR file: yield ``("channel", WXRExport)`` once the channel's head is read (and
    again at the end, complete), then each author, term and item as ``(kind, object)``.

    Memory stays flat whatever the file's size: each ``<item>`` is turned into a
    :class:`WPItem` and its elements are dropped before the next one is read. The same
    protections as a full parse apply as the file is read: no DTD (XML bombs, external
    entities), malformed XML and a truncated file raise :class:`WXRError` where they are met —
    which is why the importer reads the whole file once (:func:`scan_wxr`) before writing.
    """
    export = WXRExport()
    seen_terms = set()
    depth = 0
    root_name = None
    channel = None
    announced = False
    try:
        for event, element in iterparse(source, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                depth += 1
                if depth == 1:
                    root_name = local_name(element.tag)
                    if root_name != "rss":
                        raise WXRError(
                            f"not a WordPress export: the root element is <{root_name}>, "
                            "expected <rss> (Tools → Export in WordPress writes one)"
                        )
                elif depth == 2:
                    channel = element
                continue
            depth -= 1
            name = local_name(element.tag)
            if depth != 2:  # only direct children of <channel> are read on their own
                continue
            found = None
            if name == "item":
                found = ("item", _item(element))
            elif name == "wp:author":
                found = ("author", _author(element))
                export.authors.append(found[1])
            elif name == "wp:category":
                term = _category(element)
                seen_terms.add(("category", term.slug))
                export.categories.append(term)
                found = ("term", term)
            elif name == "wp:tag":
                term = _tag(element)
                seen_terms.add(("post_tag", term.slug))
                export.tags.append(term)
                found = ("term", term)
            elif name == "wp:term":
                term = _term(element)
                kind = {"category": export.categories, "post_tag": export.tags}.get(term.taxonomy)
                if kind is not None and (term.taxonomy, term.slug) not in seen_terms:
                    seen_terms.add((term.taxonomy, term.slug))
                    kind.append(term)
                    found = ("term", term)
            elif name == "wp:wxr_version":
                export.version = (element.text or "").strip()
            elif name == "wp:base_site_url":
                export.base_site_url = (element.text or "").strip()
            elif name == "wp:base_blog_url":
                export.base_blog_url = (element.text or "").strip()
            elif name == "title":
                export.title = (element.text or "").strip()
            elif name == "link":
                export.link = (element.text or "").strip()
            # Drop what was read: the element and the channel's reference to it.
            element.clear()
            if channel is not None:
                channel.clear()
            if found is not None:
                if not announced and found[0] == "item":
                    announced = True
                    _check_export(export)
                    yield "channel", export
                yield found
    except DefusedXmlException as exc:
        raise WXRError(
            f"refusing to read the file: {type(exc).__name__} — it declares a DTD or entities, "
            "which WordPress exports never contain (an XML bomb or external entity attack?)"
        ) from exc
    except ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        if "no element found" in str(exc) or "unclosed token" in str(exc):
            raise WXRError(
                f"the file ends too early (truncated?) at line {line}, column {column}: {exc}"
            ) from exc
        raise WXRError(f"malformed XML at line {line}, column {column}: {exc}") from exc
    except OSError as exc:
        raise WXRError(f"cannot read the file: {exc}") from exc
    if root_name is None:
        raise WXRError("the file is empty")
    _check_export(export)
    yield "end", export


def _check_export(export):
    if not export.version and not export.base_site_url:
        raise WXRError(
            "not a WordPress export: no <wp:wxr_version> or <wp:base_site_url> in the channel"
        )


def parse_wxr(source):
    """Parse a path or binary file object into a :class:`WXRExport`, items included, or raise
    :class:`WXRError` — for small files and tests; the importer streams (:func:`iter_wxr`)."""
    export = None
    items = []
    for kind, value in iter_wxr(source):
        if kind == "item":
            items.append(value)
        elif kind == "end":
            export = value
    export.items = items
    return export


def as_utc(value):
    """Naive GMT datetimes from the export as aware UTC ones."""
    return value.replace(tzinfo=UTC) if value else None
