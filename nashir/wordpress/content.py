"""WordPress post content — classic HTML or Gutenberg block markup — as nashir body blocks.

Pure functions, no Django: ``to_blocks(html)`` returns ``(block_type, value)`` pairs in the shapes
of :class:`nashir.news.blocks.ArticleBodyBlock`, with two blocks left for the importer to resolve
because they need the database:

* ``("image", {"attachment_id", "src", "caption", "alt"})`` — becomes an image block when the
  attachment was imported, else it is dropped and reported;
* ``("read_also", {"href", "title", "fallback"})`` — a «اقرأ أيضاً» paragraph; it becomes a
  read-also block when ``href`` is another imported post, else the ``fallback`` paragraph.

Everything kept is sanitised: paragraphs carry only b, i, a[href], ul/ol/li and br (Wagtail's
rich-text storage format); scripts, styles, iframes, forms and every attribute but a safe href go.
"""

from __future__ import annotations

import html
import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

SUBHEADING_MAX = 160

DROPPED = {
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "noscript",
    "template",
    "svg",
    "math",
    "canvas",
    "video",
    "audio",
    "source",
    "track",
    "head",
    "meta",
    "link",
    "base",
    "title",
}
INLINE = {
    "a",
    "abbr",
    "b",
    "big",
    "br",
    "cite",
    "code",
    "del",
    "dfn",
    "em",
    "font",
    "i",
    "ins",
    "kbd",
    "mark",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "time",
    "tt",
    "u",
    "var",
    "bdi",
    "bdo",
    "label",
    "wbr",
}
BOLD = {"b", "strong"}
ITALIC = {"i", "em"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")

CAPTION_RE = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.DOTALL | re.IGNORECASE)
CAPTION_ATTR_RE = re.compile(r'caption="([^"]*)"')
GALLERY_RE = re.compile(r"\[gallery([^\]]*)\]", re.IGNORECASE)
GALLERY_IDS_RE = re.compile(r'ids="([\d,\s]+)"')
SHORTCODE_RE = re.compile(r"\[/?[a-z_][a-z0-9_-]*(?:\s[^\[\]]*)?/?\]")
WP_IMAGE_CLASS_RE = re.compile(r"\bwp-image-(\d+)\b")
TASHKEEL_RE = re.compile("[\u064b-\u0652\u0640]")
READ_ALSO_RE = re.compile(r"^\s*(?:اقرا|إقرا)\s+(?:ايضا|أيضا|كذلك)\s*[:：\-–—]?\s*")


def is_block_markup(content):
    """Gutenberg stores its blocks between ``<!-- wp:… -->`` comments."""
    return "<!-- wp:" in content


def to_blocks(content):
    """The body blocks of one post's ``content:encoded``."""
    return to_blocks_and_text(content)[0]


def to_blocks_and_text(content):
    """The body blocks and the visible text (as :func:`plain_text`, not shortened), from one
    reading of the HTML: parsing is most of the cost of converting a post."""
    if not content or not content.strip():
        return [], ""
    classic = not is_block_markup(content)
    soup = BeautifulSoup(_expand_shortcodes(content), "html.parser")
    text = _visible_text(soup)
    builder = _Builder(classic)
    builder.walk(soup.contents)
    builder.flush()
    return builder.blocks, text


def _visible_text(soup):
    """Drops what is never shown (scripts, styles, forms …) from the tree and returns its text."""
    for node in soup.find_all(DROPPED):
        node.decompose()
    return " ".join(soup.get_text(" ").split())


def plain_text(content, limit=None):
    """Visible text of some HTML, whitespace collapsed — for summaries made from the body."""
    soup = BeautifulSoup(_expand_shortcodes(content or ""), "html.parser")
    return shorten(_visible_text(soup), limit)


def shorten(text, limit=None):
    """At most `limit` characters, cut at a word, with «…» when cut."""
    if limit and len(text) > limit:
        cut = text[: limit - 1].rsplit(" ", 1)[0]
        text = cut + "…"
    return text


def sanitise_inline(html_text):
    """Inline HTML reduced to the tags a paragraph may carry (used for comments and excerpts too)."""
    soup = BeautifulSoup(html_text or "", "html.parser")
    return "".join(_inline(node, classic=True) for node in soup.contents).strip()


def normalise_arabic(text):
    """Enough folding to recognise «اقرأ أيضاً» however it was typed."""
    text = TASHKEEL_RE.sub("", text)
    return text.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا").replace("ى", "ي")


def _expand_shortcodes(content):
    def caption(match):
        attrs, inner = match.group(1), match.group(2)
        extra = CAPTION_ATTR_RE.search(attrs)
        caption_html = f"<figcaption>{extra.group(1)}</figcaption>" if extra else ""
        return f"<figure>{inner}{caption_html}</figure>"

    def gallery(match):
        ids = GALLERY_IDS_RE.search(match.group(1))
        if not ids:
            return ""
        return "".join(
            f'<figure><img class="wp-image-{i.strip()}" src=""></figure>'
            for i in ids.group(1).split(",")
            if i.strip().isdigit()
        )

    content = CAPTION_RE.sub(caption, content)
    content = GALLERY_RE.sub(gallery, content)
    return SHORTCODE_RE.sub("", content)


def _safe_href(href):
    href = (href or "").strip()
    if not href:
        return None
    lowered = re.sub(r"[\s\x00-\x1f]", "", href).lower()
    if lowered.startswith(SAFE_SCHEMES) or lowered.startswith(("/", "#", "?")):
        return href
    if ":" in lowered.split("/", 1)[0]:
        return None  # javascript:, data:, vbscript: and any other scheme
    return href


def _text(value, classic):
    text = html.escape(str(value), quote=False)
    if classic:
        text = text.replace("\r\n", "\n")
        return "<br/>".join(" ".join(line.split(" ")) for line in text.split("\n"))
    return re.sub(r"\s*\n\s*", " ", text)


def _inline(node, classic):
    """One node as sanitised rich text."""
    if isinstance(node, Comment) or not isinstance(node, NavigableString | Tag):
        return ""
    if isinstance(node, NavigableString):
        if type(node) is not NavigableString:  # CDATA, doctype, processing instructions
            return ""
        return _text(node, classic)
    name = node.name
    if name in DROPPED or name == "img":
        return ""
    inner = "".join(_inline(child, classic) for child in node.children)
    if name == "br":
        return "<br/>"
    if name in BOLD:
        return f"<b>{inner}</b>" if inner.strip() else inner
    if name in ITALIC:
        return f"<i>{inner}</i>" if inner.strip() else inner
    if name == "a":
        href = _safe_href(node.get("href"))
        if href and inner.strip():
            return f'<a href="{html.escape(href, quote=True)}">{inner}</a>'
        return inner
    if name in ("ul", "ol"):
        items = "".join(
            _inline(child, classic)
            for child in node.children
            if isinstance(child, Tag) and child.name == "li"
        )
        return f"<{name}>{items}</{name}>" if items else ""
    if name == "li":
        return f"<li>{inner.strip()}</li>" if inner.strip() else ""
    if name in ("p", "div") or name in HEADINGS:
        return inner + "<br/>"
    return inner


def _has_text(rich):
    text = re.sub(r"<[^>]+>", "", rich).replace("&nbsp;", " ").replace("\xa0", " ")
    return bool(text.strip())


def _image_value(img, caption=""):
    match = WP_IMAGE_CLASS_RE.search(" ".join(img.get("class") or []))
    data_id = img.get("data-id") or ""
    attachment_id = int(match.group(1)) if match else (int(data_id) if data_id.isdigit() else None)
    return {
        "attachment_id": attachment_id,
        "src": (img.get("src") or "").strip(),
        "caption": " ".join(caption.split())[:250],
        "alt": " ".join((img.get("alt") or "").split())[:250],
    }


def _trim(rich):
    return re.sub(r"^(?:\s|<br/>)+|(?:\s|<br/>)+$", "", rich)


def _read_also(nodes):
    """``{"href", "title"}`` when the nodes read «اقرأ أيضاً: <a>headline</a>» and nothing more."""
    text = " ".join(
        " ".join((n.get_text(" ") if isinstance(n, Tag) else str(n)).split()) for n in nodes
    ).strip()
    match = READ_ALSO_RE.match(normalise_arabic(text))
    if not match:
        return None
    links = []
    for node in nodes:
        if isinstance(node, Tag):
            links += [node] if node.name == "a" else node.find_all("a")
    links = [a for a in links if _safe_href(a.get("href"))]
    if len(links) != 1:
        return None
    title = " ".join(links[0].get_text(" ").split())
    strip = " .،:؛-–—»«\"'"
    rest = normalise_arabic(text)[match.end() :].strip(strip)
    if not title or normalise_arabic(title).strip(strip) != rest:
        return None
    return {"href": links[0]["href"].strip(), "title": title}


class _Builder:
    def __init__(self, classic):
        self.classic = classic
        self.blocks = []
        self.run = []

    # --- the inline run: loose text and inline tags between blocks (classic content) ---

    def flush(self):
        nodes, self.run = self.run, []
        self.emit(nodes)

    def emit(self, nodes):
        """A paragraph from some nodes — or a read-also block when that is what it says."""
        rich = _trim("".join(_inline(node, self.classic) for node in nodes))
        if not _has_text(rich):
            return
        read_also = _read_also(nodes)
        if read_also:
            read_also["fallback"] = f"<p>{rich}</p>"
            self.blocks.append(("read_also", read_also))
        else:
            self.blocks.append(("paragraph", f"<p>{rich}</p>"))

    def paragraph(self, rich):
        rich = _trim(rich)
        if _has_text(rich):
            self.blocks.append(("paragraph", f"<p>{rich}</p>"))

    def add_text(self, node):
        if not self.classic:
            self.run.append(node)
            return
        # wpautop: a blank line ends a paragraph in classic content
        parts = re.split(r"\r?\n\s*\r?\n", str(node))
        for i, part in enumerate(parts):
            if i:
                self.flush()
            if part:
                self.run.append(NavigableString(part))

    # --- block-level elements ---

    def walk(self, nodes):
        for node in list(nodes):
            if isinstance(node, Comment):
                continue
            if isinstance(node, NavigableString):
                if type(node) is NavigableString:
                    self.add_text(node)
                continue
            if not isinstance(node, Tag):
                continue
            self.element(node)

    def element(self, node):
        name = node.name
        if name in DROPPED:
            return
        if name == "img" or (name == "a" and node.find("img") is not None):
            self.flush()
            img = node if name == "img" else node.find("img")
            self.blocks.append(("image", _image_value(img)))
            return
        if name in INLINE:
            self.run.append(node)
            return
        self.flush()
        if name == "p":
            self.p(node)
        elif name in HEADINGS:
            self.heading(node)
        elif name == "blockquote":
            self.quote(node)
        elif name in ("ul", "ol"):
            items = _inline(node, self.classic)
            if _has_text(items):
                self.blocks.append(("paragraph", items))
        elif name == "figure":
            self.figure(node)
        elif name == "table":
            self.table(node)
        elif name == "pre":
            self.paragraph(_text(node.get_text(), classic=True))
        elif name == "hr":
            pass
        else:  # div, section, center, article … — containers: their children count
            self.walk(node.children)
            self.flush()

    def p(self, node):
        images = node.find_all("img")
        for img in images:
            self.blocks.append(("image", _image_value(img)))
            wrapper = img.parent if img.parent is not node and img.parent.name == "a" else img
            wrapper.extract()
        self.emit(list(node.children))

    def heading(self, node):
        text = " ".join(node.get_text(" ").split())
        if not text:
            return
        if len(text) <= SUBHEADING_MAX:
            self.blocks.append(("subheading", text))
        else:
            self.blocks.append(("paragraph", f"<p><b>{html.escape(text, quote=False)}</b></p>"))

    def quote(self, node):
        attribution = ""
        for cite in node.find_all(["cite", "footer"]):
            attribution = attribution or " ".join(cite.get_text(" ").split())
            cite.decompose()
        paragraphs = node.find_all("p")
        if paragraphs:
            lines = [" ".join(p.get_text(" ").split()) for p in paragraphs]
        else:
            lines = [" ".join(line.split()) for line in node.get_text("\n").split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            self.blocks.append(("quote", {"text": text, "attribution": attribution[:200]}))

    def figure(self, node):
        images = node.find_all("img")
        if node.find("blockquote") is not None or len(images) != 1:
            self.walk(node.children)
            self.flush()
            return
        caption_node = node.find("figcaption")
        if caption_node is not None:
            caption = caption_node.get_text(" ")
        else:
            images[0].extract()
            caption = node.get_text(" ")
        self.blocks.append(("image", _image_value(images[0], caption)))

    def table(self, node):
        for row in node.find_all("tr"):
            cells = [
                "".join(_inline(child, self.classic) for child in cell.children).strip()
                for cell in row.find_all(["td", "th"])
            ]
            self.paragraph(" | ".join(cell for cell in cells if _has_text(cell)))
