"""Readers' text made safe: cleaned on the way in, escaped and linked on the way out.

Pure functions on strings (Django's escaping only), so they are tested without a database.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from nashir.arabic.normalise import normalise

# Bidi embeddings/overrides (U+202A–U+202E) and isolates (U+2066–U+2069) let a comment
# reorder what follows it on the page; control characters other than tab/newline are noise.
_STRIPPED = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), *range(0x00, 0x09), 0x0B, 0x0C]
    + [*range(0x0E, 0x20), *range(0x7F, 0xA0), 0xFEFF]
)
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
URL_RE = re.compile(r"""(?i)\b((?:https?://|www\.)[^\s<>"'\u00ab\u00bb]+)""")
_TRAILING = ".,;:!?،؛؟)]}'\""


def clean_line(value: str) -> str:
    """One-line fields (name, website): no bidi tricks, no control characters, no newlines."""
    return " ".join(value.translate(_STRIPPED).split())


def clean_body(value: str) -> str:
    """A comment body: line breaks kept, at most one blank line in a row, edges trimmed."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    lines = [line.rstrip() for line in value.translate(_STRIPPED).split("\n")]
    return _MANY_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def count_links(value: str) -> int:
    return len(URL_RE.findall(value))


def _link(match):
    url = match.group(1)
    tail = ""
    while url and url[-1] in _TRAILING:
        # A closing bracket belongs to the URL only when the URL opened one.
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        tail = url[-1] + tail
        url = url[:-1]
    href = url if url.lower().startswith(("http://", "https://")) else f"https://{url}"
    return url, href, tail


def render_body(value: str) -> str:
    """Plain text to HTML: everything escaped, paragraphs and line breaks kept, URLs linked."""
    paragraphs = []
    for paragraph in value.split("\n\n"):
        parts, last = [], 0
        for match in URL_RE.finditer(paragraph):
            url, href, tail = _link(match)
            parts.append(escape(paragraph[last : match.start()]))
            parts.append(
                f'<a href="{escape(href)}" rel="nofollow ugc noopener" dir="ltr">{escape(url)}</a>'
            )
            parts.append(escape(tail))
            last = match.end()
        parts.append(escape(paragraph[last:]))
        paragraphs.append("<p>" + "".join(parts).replace("\n", "<br>") + "</p>")
    return mark_safe("".join(paragraphs))  # noqa: S308 — every piece was escaped above


def blocked_term(terms: list[str], *texts: str) -> str:
    """The first blocklist entry found in any of `texts`, ignoring hamza forms, tashkeel and case."""
    haystack = "\n".join(normalise(text) for text in texts)
    for term in terms:
        needle = normalise(term.strip())
        if needle and needle in haystack:
            return term.strip()
    return ""


def count_label(n: int) -> str:
    """«N تعليقات» with the Arabic plural forms (CLDR: zero, one, two, few, many, other)."""
    if n == 0:
        return "لا تعليقات"
    if n == 1:
        return "تعليق واحد"
    if n == 2:
        return "تعليقان"
    if 3 <= n % 100 <= 10:
        return f"{n} تعليقات"
    if 11 <= n % 100 <= 99:
        return f"{n} تعليقاً"
    return f"{n} تعليق"
