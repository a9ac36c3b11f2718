"""What readers' pages ask for while they stay open: the entries after the one they have.

`/live/<id>/since/<n>/` is an HTML fragment kept by the page cache like any page (a file that
nginx serves without Python) until the next entry purges the live page's key. Every reader
who is up to date asks for the same address, so one render serves them all. The fragment
says how long to wait before the next poll (``data-poll-seconds``; 0 once the coverage
ended), and its own newest number, which is the next address to ask.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from nashir.core.links import absolute, absolutize_html, site_root
from nashir.pagecache import Key, depends_on

from .models import LiveCoveragePage

#: A reader further behind than this gets a «reload» link instead of a long fragment.
MAX_BEHIND = 50


def readable_live_page(page_id):
    page = get_object_or_404(LiveCoveragePage.objects.live(), pk=page_id)
    if not page.is_readable:
        raise Http404("هذه الصفحة غير متاحة.")
    return page


def since(request, page_id, number):
    """The entries of a live page numbered after `number`, newest first."""
    page = readable_live_page(page_id)
    latest = page.latest_number
    if number > latest + 1:
        # Never kept: an address per made-up number would fill the page cache. One past the
        # newest is answered (and kept): readers who saw an entry since deleted ask for it.
        raise Http404("لا يوجد تحديث بهذا الرقم.")
    depends_on(request, Key.page(page))
    entries = list(page.entries.since(number)[: MAX_BEHIND + 1])
    behind = len(entries) > MAX_BEHIND
    return render(
        request,
        "live/since.html",
        {
            "page": page,
            "entries": [] if behind else entries,
            "behind": behind,
            "since": number,
            "latest": latest,
            "poll_seconds": page.poll_seconds if page.is_live_now else 0,
        },
    )


class LiveFeed(Feed):
    """RSS of one live page's entries, newest first: for readers' apps and aggregators."""

    feed_type = Rss201rev2Feed
    language = "ar"

    def get_object(self, request, page_id):
        page = readable_live_page(page_id)
        depends_on(request, Key.page(page))
        page.feed_request = request
        return page

    def title(self, page):
        return f"تحديثات: {page.title}"

    def link(self, page):
        return page.get_url(page.feed_request)

    def description(self, page):
        return page.summary

    def items(self, page):
        entries = sorted(page.entry_list, key=lambda e: (e.posted_at, e.number), reverse=True)
        base = absolute(page.feed_request, page.get_url(page.feed_request))
        for entry in entries[:50]:
            entry.feed_link = f"{base}#{entry.anchor}"
            entry.feed_request = page.feed_request
        return entries[:50]

    def item_title(self, entry):
        text = entry.title or entry.plain_text()
        return ("عاجل: " if entry.breaking else "") + (
            text[:117] + "…" if len(text) > 120 else text
        )

    def item_description(self, entry):
        return absolutize_html(str(entry.body), site_root(entry.feed_request))

    def item_link(self, entry):
        return entry.feed_link

    def item_guid(self, entry):
        return entry.feed_link

    def item_author_name(self, entry):
        return entry.author.name if entry.author_id else None

    def item_pubdate(self, entry):
        return entry.posted_at

    def item_updateddate(self, entry):
        return entry.edited_at or entry.posted_at


class LiveAtomFeed(LiveFeed):
    feed_type = Atom1Feed
    subtitle = LiveFeed.description
