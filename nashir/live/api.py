"""API fields of a live page: its entries as readers see them (public fields only)."""

from rest_framework.fields import Field

from nashir.core.links import absolute, absolutize_html, site_root


class LiveEntriesField(Field):
    """Entries, pinned first then newest first: number, time, author or desk, marks, text."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        request = self.context["request"]
        url = page.get_url(request) or ""
        return [entry_data(entry, request, absolute(request, url)) for entry in page.entry_list]


def entry_data(entry, request, page_url):
    author = entry.author
    return {
        "number": entry.number,
        "url": f"{page_url}#{entry.anchor}",
        "posted_at": entry.posted_at.isoformat(),
        "edited_at": entry.edited_at.isoformat() if entry.edited_at else None,
        "title": entry.title,
        "author": {"name": author.name, "slug": author.slug, "is_desk": author.is_desk}
        if author
        else None,
        "breaking": entry.breaking,
        "pinned": entry.pinned,
        "body_html": absolutize_html(str(entry.body), site_root(request)),
    }
