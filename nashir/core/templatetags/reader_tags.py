"""What a reader sees around an article: how long it takes to read, and where to share it."""

import math
from urllib.parse import quote

from django import template
from django.utils.html import strip_tags

from nashir.core.links import absolute

register = template.Library()

WORDS_PER_MINUTE = 200
COUNTED_BLOCKS = {"paragraph", "subheading", "quote"}


def minutes_label(minutes):
    """Arabic counting: دقيقة واحدة، دقيقتان، 3–10 دقائق، 11 دقيقة فأكثر (and 100، 200… دقيقة)."""
    if minutes <= 1:
        return "دقيقة واحدة"
    if minutes == 2:
        return "دقيقتان"
    if 3 <= minutes % 100 <= 10:
        return f"{minutes} دقائق"
    return f"{minutes} دقيقة"


def body_words(raw_data):
    """Words in the text blocks of a StreamField's raw data (no queries, no rendering)."""
    count = 0
    for block in raw_data:
        if block.get("type") not in COUNTED_BLOCKS:
            continue
        value = block.get("value")
        if isinstance(value, dict):
            value = f"{value.get('text', '')} {value.get('attribution', '')}"
        count += len(strip_tags(str(value or "")).split())
    return count


@register.filter
def reading_time(page):
    """«دقائق القراءة» of an article: its body at about 200 words a minute, at least one."""
    words = body_words(page.body.raw_data) + len(page.title.split())
    return minutes_label(max(1, math.ceil(words / WORDS_PER_MINUTE)))


# (service, what a screen reader hears before the name, the name shown, the share address)
SHARE_TARGETS = (
    ("whatsapp", "شارك على", "واتساب", "https://wa.me/?text={text}%20{url}"),
    ("telegram", "شارك على", "تلغرام", "https://t.me/share/url?url={url}&text={text}"),
    ("x", "شارك على", "إكس", "https://twitter.com/intent/tweet?url={url}&text={text}"),
    ("facebook", "شارك على", "فيسبوك", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("email", "أرسل المقال عبر", "البريد", "mailto:?subject={text}&body={url}"),
)


@register.inclusion_tag("components/share.html", takes_context=True)
def share_links(context, page):
    """Plain links to each service's share address: no script, image or request to them until
    the reader clicks. The address shared is the canonical one."""
    request = context.get("request")
    url = quote(absolute(request, page.get_url(request)), safe="")
    text = quote(page.title, safe="")
    links = [
        {
            "service": service,
            "action": action,
            "name": name,
            "href": pattern.format(url=url, text=text),
            "new_tab": not pattern.startswith("mailto:"),
        }
        for service, action, name, pattern in SHARE_TARGETS
    ]
    return {"links": links}
