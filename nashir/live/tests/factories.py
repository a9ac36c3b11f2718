"""Live pages and entries for tests, made as editors make them."""

import itertools
from datetime import timedelta

from django.utils import timezone
from wagtail.rich_text import RichText

from nashir.news.models import ArticleByline
from nashir.people.tests.factories import AuthorFactory

from ..models import LiveCoveragePage, LiveEntry

_counter = itertools.count(1)


def make_live_page(section, title=None, *, live=True, status=LiveCoveragePage.LIVE, highlights=""):
    n = next(_counter)
    page = LiveCoveragePage(
        title=title or f"تغطية مباشرة رقم {n}",
        slug=f"live-{n}",
        summary="ملخص التغطية المباشرة.",
        body=[("paragraph", "<p>خلفية الحدث.</p>")],
        status=status,
        highlights=highlights,
        live=False,
    )
    page.bylines.add(ArticleByline(author=AuthorFactory()))
    section.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
        page.refresh_from_db()
    return page


def make_entry(page, text=None, *, minutes_ago=None, **fields):
    entry = LiveEntry(
        page=page,
        body=[("paragraph", RichText(f"<p>{text or 'نص تحديث تجريبي.'}</p>"))],
        **fields,
    )
    if minutes_ago is not None:
        entry.posted_at = timezone.now() - timedelta(minutes=minutes_ago)
    entry.save()
    return entry
