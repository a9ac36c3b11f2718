"""schema.org's LiveBlogPosting for a live page: the article's data, its coverage times and
its newest entries as ``liveBlogUpdate`` (what Google reads for its «LIVE» badge)."""

from django.utils.html import strip_tags

from nashir.core.links import absolute
from nashir.syndication import structured_data as sd

#: Google reads the newest updates; a long day's coverage keeps the page's JSON small.
MAX_UPDATES = 100


def live_blog_posting(request, page, article_data):
    """`article_data` is the page's NewsArticle data (nashir.syndication), retyped."""
    canonical = article_data["url"]
    entries = sorted(page.entry_list, key=lambda e: (e.posted_at, e.number), reverse=True)
    data = {
        **article_data,
        "@type": "LiveBlogPosting",
        "coverageStartTime": sd.iso(page.coverage_started_at or page.published_at),
        "dateModified": sd.iso(page.updated_at or page.last_published_at or page.published_at),
        "liveBlogUpdate": [update(request, entry, canonical) for entry in entries[:MAX_UPDATES]],
    }
    if page.coverage_ended_at:
        data["coverageEndTime"] = sd.iso(page.coverage_ended_at)
    return data


def update(request, entry, canonical):
    text = entry.plain_text()
    headline = entry.title or (text[:107] + "…" if len(text) > 110 else text)
    data = {
        "@type": "BlogPosting",
        "headline": headline,
        "url": f"{canonical}#{entry.anchor}",
        "datePublished": sd.iso(entry.posted_at),
        "dateModified": sd.iso(entry.edited_at or entry.posted_at),
        "articleBody": strip_tags(text),
    }
    if entry.author_id:
        author = entry.author
        data["author"] = {
            "@type": "Organization" if author.is_desk else "Person",
            "name": author.name,
            "url": absolute(request, author.get_absolute_url()),
        }
    return data
