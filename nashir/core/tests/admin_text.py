"""What an editor reads on an admin screen, and the Latin words in it.

Used by test_admin_language.py: the text nodes of the page, the labels screen readers speak
(aria-label, title, alt, placeholder, tooltips) and the sidebar's labels (JSON props).
"""

import json
import re
import zoneinfo
from html.parser import HTMLParser

SPOKEN_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder", "data-w-tooltip-content-value"}
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
SKIPPED_TAGS = {"script", "style", "noscript", "svg", "textarea"}
JSON_LABEL_KEYS = {"label", "footer_text", "footerText", "title"}

#: Latin words an Arabic newsroom uses as they are: names of things, not untranslated phrases.
ALLOWED_WORDS = {
    "nashir",  # the product's Latin name in addresses and file names
    "rss",
    "atom",
    "json",
    "api",
    "url",
    "html",
    "pdf",
    "csv",
    "xlsx",
    "docx",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "avif",
    "svg",
    "heic",
    "id",
    "px",
    "kb",
    "mb",
    "gb",
    "wordpress",
    "google",
    "youtube",
    "vimeo",
    "x",
    "facebook",
    "utc",
    "gmt",
    "ctrl",
    "alt",
    "shift",
    "cmd",
    "enter",
    "esc",
    "tab",
}
URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|//|www\.)\S+|\S+@\S+\.\S+|/\S*", re.I)
FILE_NAME = re.compile(r"\b[\w.-]+\.(?:jpe?g|png|gif|webp|svg|pdf|csv|docx?|xlsx?|txt|zip)\b", re.I)
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")  # single letters are keys (Ctrl + s)
RAW_VALUES = {"None", "True", "False"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.stack = []  # open elements: whether each one is hidden
        self.json_script = False
        self.texts = []
        self.json_blobs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in VOID_TAGS:
            self.stack.append((tag, "hidden" in attrs))
        if self.hidden:
            return  # not shown, not read (a count Wagtail fills in later)
        for name in SPOKEN_ATTRIBUTES & attrs.keys():
            if attrs[name]:
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])
        if tag in SKIPPED_TAGS:
            self.skip += 1
            self.json_script = tag == "script" and attrs.get("type") == "application/json"

    @property
    def hidden(self):
        return any(hidden for _, hidden in self.stack)

    def handle_endtag(self, tag):
        if any(open_tag == tag for open_tag, _ in self.stack):
            while self.stack and self.stack.pop()[0] != tag:
                pass  # closes elements the page left open (<p>, <li>)
        if tag in SKIPPED_TAGS and self.skip:
            self.skip -= 1
            self.json_script = False

    def handle_data(self, data):
        if self.json_script:
            self.json_blobs.append(data)
        elif not self.skip and not self.hidden and data.strip():
            self.texts.append(data)


def _json_labels(value, key=None):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _json_labels(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _json_labels(v, key)
    elif isinstance(value, str) and key in JSON_LABEL_KEYS:
        yield value


def readable_texts(html):
    """Every piece of text the editor sees or hears on this page."""
    reader = _Reader()
    reader.feed(html)
    texts = list(reader.texts)
    for blob in reader.json_blobs:
        try:
            texts.extend(_json_labels(json.loads(blob)))
        except ValueError:
            continue
    texts = [" ".join(t.split()) for t in texts]
    # Time zones keep their IANA names («Asia/Damascus»), as every system lists them.
    return [t for t in texts if t not in TIME_ZONES]


TIME_ZONES = zoneinfo.available_timezones() | {"UTC", "localtime"}


def foreign_words(text):
    """Latin words outside the allow-list, and raw None/True/False, in one piece of text."""
    text = FILE_NAME.sub(" ", URL.sub(" ", text))
    found = []
    for word in LATIN_WORD.findall(text):
        if word in RAW_VALUES or word.lower().strip("'’") not in ALLOWED_WORDS:
            found.append(word)
    return found


def page_html(response):
    """The HTML of an admin response: modal choosers answer JSON with the HTML inside."""
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content).get("html", "")
    return response.content.decode()


def problems(html, extra_allowed=()):
    """(word, the text it is in) for each Latin word or raw value an editor would meet."""
    allowed = {w.lower() for w in extra_allowed}
    return [
        (word, text)
        for text in readable_texts(html)
        for word in foreign_words(text)
        if word.lower() not in allowed or word in RAW_VALUES
    ]
