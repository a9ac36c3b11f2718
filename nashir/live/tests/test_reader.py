import re

import pytest

from nashir.pagecache import files

from .factories import make_entry, make_live_page

pytestmark = pytest.mark.django_db


def test_reader_page_lists_entries_newest_first_with_pinned_on_top(client, section):
    """Pinned entries lead, then the rest newest first, each with its #entry-N permalink."""
    page = make_live_page(section, highlights="<ul><li>نقطة أولى</li></ul>")
    make_entry(page, "الأقدم", minutes_ago=30)
    make_entry(page, "المثبّت", minutes_ago=20, pinned=True)
    make_entry(page, "الأحدث", minutes_ago=1, breaking=True)
    html = client.get(page.url).content.decode()
    assert 'class="badge badge--live">مباشر' in html
    html = html[html.index('class="live-highlights"') :]
    assert "أبرز التطورات" in html and "نقطة أولى" in html
    order = [html.index(word) for word in ("المثبّت", "الأحدث", "الأقدم")]
    assert order == sorted(order)
    assert re.findall(r'id="entry-(\d+)"', html) == ["2", "3", "1"]
    assert 'href="#entry-3"' in html


def test_since_fragment_has_only_newer_entries_and_the_poll_interval(client, section, settings):
    """/live/<id>/since/<n>/ returns entries after n, its newest number and the poll time."""
    settings.NASHIR_LIVE_POLL_SECONDS = 7
    page = make_live_page(section)
    for n in range(3):
        make_entry(page, f"تحديث {n}")
    html = client.get(f"/live/{page.pk}/since/1/").content.decode()
    assert re.findall(r'id="entry-(\d+)"', html) == ["3", "2"]
    assert 'data-live-latest="3"' in html and 'data-poll-seconds="7"' in html
    assert client.get(f"/live/{page.pk}/since/3/").status_code == 200
    assert client.get(f"/live/{page.pk}/since/4/").status_code == 200  # the newest was deleted
    assert client.get(f"/live/{page.pk}/since/5/").status_code == 404


def test_an_ended_coverage_tells_readers_to_stop_polling(client, section):
    """Once «انتهت التغطية», the page and fragment say poll 0 and the badge changes."""
    page = make_live_page(section, status="ended")
    make_entry(page)
    assert 'data-poll-seconds="0"' in client.get(f"/live/{page.pk}/since/0/").content.decode()
    html = client.get(page.url).content.decode()
    assert "انتهت التغطية" in html and "badge--live" not in html


def test_unpublished_live_pages_have_no_fragment_or_feed(client, section):
    """A draft coverage is not readable through its side addresses."""
    page = make_live_page(section, live=False)
    assert client.get(f"/live/{page.pk}/since/0/").status_code == 404
    assert client.get(f"/live/{page.pk}/feed/").status_code == 404


def test_the_fragment_is_kept_and_a_new_entry_purges_it(client, section):
    """The poll address is a kept file until the next entry; then it shows the new entry."""
    page = make_live_page(section)
    make_entry(page)
    url = f"/live/{page.pk}/since/1/"
    assert client.get(url)["X-Page-Cache"] == "stored"
    kept = files.root() / "testserver" / "live" / str(page.pk) / "since" / "1" / "index.html"
    assert kept.exists()
    make_entry(page, "جديد")
    assert not kept.exists()
    assert 'id="entry-2"' in client.get(url).content.decode()


def test_listings_show_the_live_badge(client, section, home):
    """Section and home cards say «مباشر» while the coverage is on."""
    page = make_live_page(section, title="زلزال في الشمال")
    html = client.get(section.url).content.decode()
    assert "زلزال في الشمال" in html and "badge--live" in html
    assert "badge--live" in client.get("/").content.decode()
    page.status = "ended"
    page.save_revision().publish()
    assert "badge--live" not in client.get(section.url).content.decode()


def test_a_new_entry_renders_the_readers_next_poll_fragments_ahead(
    section, django_capture_on_commit_callbacks
):
    """Right after an entry is committed, the fragments up-to-date readers poll next are kept
    files already: no poll has to reach Python to get them."""
    from wagtail.models import Site

    page = make_live_page(section)
    make_entry(page)
    with django_capture_on_commit_callbacks(execute=True):
        make_entry(page, "الثاني")
    host = Site.objects.get(is_default_site=True).hostname
    folder = files.root() / host / "live" / str(page.pk) / "since"
    assert sorted(p.parent.name for p in folder.glob("*/index.html")) == ["0", "1", "2"]
    assert 'id="entry-2"' in (folder / "1" / "index.html").read_text()


def test_the_ticker_leads_with_live_coverage(client, section):
    """While the coverage is on, the ticker shows the live page first with «مباشر» (after any
    «عاجل» story: see the next test)."""
    from nashir.news.tests.factories import make_article

    page = make_live_page(section, title="انتخابات البلدية: تغطية مباشرة")
    for n in range(3):
        make_article(section, f"خبر أحدث {n}")
    entries = client.get("/ticker.json").json()["items"]
    assert entries[0]["title"] == page.title and entries[0]["live"] is True
    assert not any(e["live"] for e in entries[1:])
    html = client.get(section.url).content.decode()
    ticker = html[html.index('class="ticker') :]
    assert ticker.index("مباشر") < ticker.index("انتخابات البلدية")


def test_breaking_news_comes_before_live_coverage_in_the_ticker(client, section):
    """A «عاجل» story is the most urgent line: it leads, the live page follows, then the rest."""
    from nashir.news.tests.factories import make_article

    page = make_live_page(section, title="قمة العواصم: تغطية مباشرة")
    make_article(section, "خبر عادي أحدث")
    urgent = make_article(section, "زلزال يضرب الساحل", breaking=True)
    entries = client.get("/ticker.json").json()["items"]
    assert [e["title"] for e in entries[:2]] == [urgent.title, page.title]
    assert entries[0]["breaking"] is True and entries[1]["live"] is True
