"""Result snippets and headlines: the words that matched, wrapped in <mark>.

The HTML is assembled from escaped pieces, so nothing in an article (or a query) can
inject markup; only our own <mark> tags are raw.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from nashir.arabic import iter_highlight_spans

#: Characters shown around the first match.
SNIPPET_LENGTH = 240
#: Only this much of an article is scanned for a match: the snippet should come early.
SCAN_LENGTH = 2000


def _cut(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to word boundaries so no word is cut in half."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def highlight(text: str, terms, length: int = SNIPPET_LENGTH) -> SafeString:
    """A snippet of `text` around its first matching word, matches wrapped in <mark>."""
    text = " ".join(text[: SCAN_LENGTH * 2].split())[:SCAN_LENGTH]
    first_span = next(iter_highlight_spans(text, terms), None)
    first = first_span[0] if first_span else 0
    start = max(0, first - length // 3)
    start, end = _cut(text, start, min(len(text), start + length))
    # The window is known: only it (and the word after it, the name an عبد at its end may
    # be marked with) is read again for the other matches.
    after = text.find(" ", end + 1)
    window = text[: len(text) if after == -1 else after]
    spans = list(iter_highlight_spans(window, terms)) if first_span else []
    parts = ["…" if start > 0 else ""]
    position = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts.append(escape(text[position:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    parts.append(escape(text[position:end]))
    parts.append("…" if end < len(text) else "")
    return mark_safe("".join(parts))  # noqa: S308 — every piece above is escaped


def highlight_all(text: str, terms) -> SafeString:
    """A short text (a result's headline) whole, every matching word wrapped in <mark>."""
    parts, position = [], 0
    for start, end in iter_highlight_spans(text, terms):
        parts += [escape(text[position:start]), f"<mark>{escape(text[start:end])}</mark>"]
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 — every piece above is escaped
