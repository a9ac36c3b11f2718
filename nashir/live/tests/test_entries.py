import json
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from nashir.news.tests.factories import make_article, make_section
from nashir.newsroom.roles import EDITOR, WRITER
from nashir.pagecache import files

from ..models import LiveEntry
from .factories import make_entry, make_live_page

pytestmark = pytest.mark.django_db


def member(name, group=None):
    user = User.objects.create_user(name, f"{name}@example.com", "secret-pass-123")
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def draft_block(text):
    """One paragraph as Draftail (the admin's rich-text editor) posts it."""
    return {
        "key": "a",
        "type": "unstyled",
        "text": text,
        "depth": 0,
        "inlineStyleRanges": [],
        "entityRanges": [],
    }


def post_entry(client, page, text, **fields):
    data = {"text": json.dumps({"blocks": [draft_block(text)], "entityMap": {}}), **fields}
    return client.post(reverse("live_entries", args=[page.pk]), data)


def test_writers_and_editors_post_entries_others_cannot(client, section):
    """The compact form is allowed by the «add live entry» right: writers and editors have it."""
    page = make_live_page(section)
    url = reverse("live_entries", args=[page.pk])
    for name, group in (("writer", WRITER), ("editor", EDITOR)):
        client.force_login(member(name, group))
        assert client.get(url).status_code == 200
        response = post_entry(client, page, f"تحديث من {name}")
        assert response.status_code == 302, response.content.decode()[:2000]
    assert [e.plain_text() for e in LiveEntry.objects.order_by("number")] == [
        "تحديث من writer",
        "تحديث من editor",
    ]
    outsider = member("outsider")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    assert client.get(url).status_code in (302, 403)
    assert post_entry(client, page, "ممنوع").status_code in (302, 403)
    assert LiveEntry.objects.count() == 2


def test_an_entry_is_published_without_a_page_revision_and_keeps_its_own(client, section):
    """Posting does not republish the page or go through review; the entry has a revision."""
    page = make_live_page(section)
    revisions_before = page.revisions.count()
    client.force_login(member("writer", WRITER))
    post_entry(client, page, "أول تحديث", breaking="on")
    entry = LiveEntry.objects.get()
    assert entry.breaking and entry.number == 1 and entry.edited_at is None
    assert entry.revisions.count() == 1
    assert page.revisions.count() == revisions_before
    assert "أول تحديث" in client.get(page.url).content.decode()


def test_an_empty_entry_is_refused_in_arabic(client, section):
    """A form without text says so and publishes nothing."""
    page = make_live_page(section)
    client.force_login(member("writer", WRITER))
    response = post_entry(client, page, "   ")
    assert response.status_code == 200
    assert "اكتب نص التحديث" in response.content.decode()
    assert not LiveEntry.objects.exists()


def test_an_edited_entry_says_so(client, section):
    """Saving an entry again marks it «عُدّل» for readers; numbering stays."""
    page = make_live_page(section)
    entry = make_entry(page, "قبل")
    entry.save_revision()
    entry.refresh_from_db()
    assert entry.edited_at is None  # saving a revision is not an edit readers see
    entry.title = "بعد التصحيح"
    entry.save()
    html = client.get(page.url).content.decode()
    assert "بعد التصحيح" in html and ">عُدّل</span>" in html


def test_entries_are_numbered_per_page(section):
    """Each page numbers its own entries from 1 (the #entry-N permalinks)."""
    a, b = make_live_page(section), make_live_page(section)
    assert [make_entry(a).number for _ in range(3)] == [1, 2, 3]
    assert make_entry(b).number == 1


def kept_file(url):
    return files.root() / "testserver" / unquote(url).strip("/") / "index.html"


def test_entry_publish_edit_delete_purge_exactly_what_shows_the_live_page(client, home, section):
    """A new, edited or deleted entry purges the live page, its fragments, feed and listings —
    and leaves pages that do not show it in the cache."""
    page = make_live_page(section)
    make_entry(page)
    elsewhere = make_section(home, "ثقافة", "culture")
    other = make_article(elsewhere, "معرض للكتاب في المدينة", tags=["كتب"])
    showing = [page.url, f"/live/{page.pk}/since/1/", f"/live/{page.pk}/since/0/", section.url, "/"]
    # (the other article itself lists the live page among its related ones: few articles here)
    not_showing = [elsewhere.url, reverse("tag", args=[other.tag_list[0].slug])]
    feed = f"/live/{page.pk}/feed/"

    def warm():
        for url in showing + not_showing + [feed]:
            assert client.get(url).status_code == 200, url
        for url in showing + not_showing:
            assert kept_file(url).exists(), url
        assert (files.root() / "testserver" / feed.strip("/") / "index.xml").exists()

    for change in (
        lambda: make_entry(page, "جديد"),
        lambda: LiveEntry.objects.get(number=1).save(),
        lambda: LiveEntry.objects.get(number=2).delete(),
    ):
        warm()
        change()
        assert [url for url in showing if kept_file(url).exists()] == []
        assert not (files.root() / "testserver" / feed.strip("/") / "index.xml").exists()
        assert [url for url in not_showing if kept_file(url).exists()] == not_showing


def test_the_page_editor_links_to_the_entries_screen(client, section):
    """Editing a live page shows «التحديثات» with the way to the compact form; a section offers
    «تغطية مباشرة» as a new page type."""
    page = make_live_page(section)
    client.force_login(member("editor", EDITOR))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert reverse("live_entries", args=[page.pk]) in html
    assert "خلفية الحدث" in html and "أبرز التطورات" in html
    add = reverse("wagtailadmin_pages:add", args=["live", "livecoveragepage", section.pk])
    assert client.get(add).status_code == 200
