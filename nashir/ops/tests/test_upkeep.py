"""Database upkeep follows the archive's size, so list and search queries keep fast plans."""

import pytest
from django.core.management import call_command
from django.db import connection

from nashir.news.tests.factories import make_article
from nashir.ops import upkeep

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL keeps its own statistics (autovacuum)"
)


@pytest.fixture(autouse=True)
def small_archive(monkeypatch):
    """A test archive is small: treat a handful of pages as enough to need statistics."""
    monkeypatch.setattr(upkeep, "MIN_PAGES", 1)
    monkeypatch.setattr(upkeep, "_last_check", {})


def page_count():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM wagtailcore_page")
        return cursor.fetchone()[0]


def drop_statistics():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone():
            cursor.execute("DELETE FROM sqlite_stat1")


@sqlite_only
def test_statistics_are_taken_once_the_archive_needs_them(section):
    """A never-analysed archive gets statistics that record its size, and then needs none."""
    drop_statistics()
    assert upkeep.is_due(connection)
    assert upkeep.run() is True
    assert upkeep.analysed_rows(connection) == page_count()
    assert upkeep.is_due(connection) is False
    assert upkeep.run() is False


@sqlite_only
def test_a_quarter_more_pages_makes_the_statistics_stale(section):
    """Growth by a quarter triggers a new ANALYZE; a few more pages do not."""
    for _ in range(3):
        make_article(section)
    upkeep.run(force=True)
    analysed = upkeep.analysed_rows(connection)
    while page_count() <= analysed * upkeep.GROWTH:
        assert upkeep.is_due(connection) is False
        make_article(section)
    assert upkeep.is_due(connection) is True


@sqlite_only
def test_a_small_archive_is_left_to_sqlites_own_guesses(monkeypatch, section):
    """Below MIN_PAGES nothing is analysed on publish (the default plans are fine there)."""
    monkeypatch.setattr(upkeep, "MIN_PAGES", 10_000)
    drop_statistics()
    assert upkeep.run() is False
    assert upkeep.analysed_rows(connection) is None


@sqlite_only
def test_publishing_refreshes_stale_statistics(django_capture_on_commit_callbacks, section):
    """An editor publishing into a grown archive leaves statistics that count the new pages."""
    drop_statistics()
    with django_capture_on_commit_callbacks(execute=True):
        make_article(section)
    assert upkeep.analysed_rows(connection) == page_count()


def test_checks_on_publish_are_rate_limited(monkeypatch):
    """A bulk publish checks the archive's size once a minute, not on every page."""
    calls = []
    monkeypatch.setattr(upkeep, "run", lambda **kw: calls.append(kw) or False)
    for _ in range(5):
        upkeep.check_now_and_then()
    assert calls == [{"using": "default"}]


def test_postgresql_is_left_to_autovacuum_unless_forced(section):
    """Only a forced refresh (after a bulk load) runs ANALYZE on PostgreSQL; SQLite may need it."""
    if connection.vendor == "postgresql":
        assert upkeep.run() is False
    assert upkeep.run(force=True) is True


def test_command_reports_what_it_did(capsys):
    """`manage.py optimize_database` runs and says so; --if-due says when nothing is due."""
    call_command("optimize_database")
    assert "Database optimized" in capsys.readouterr().out
    call_command("optimize_database", "--if-due")
    assert "Nothing due" in capsys.readouterr().out


@sqlite_only
def test_the_search_index_is_merged_and_still_finds_articles(section, client):
    """After upkeep the search index is one segment and a reader's search still finds the story."""
    from wagtail.search.models import SQLiteFTSIndexEntry

    for _ in range(3):
        make_article(section, "قافلة مساعدات تصل إلى المدينة")
    table = SQLiteFTSIndexEntry._meta.db_table

    def segments():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {table}_idx")
            return cursor.fetchone()[0]

    before = segments()
    upkeep.run(force=True)
    assert segments() < before
    response = client.get("/search/", {"q": "القافلة مساعدات"})
    assert response.content.decode().count('class="search-result"') == 3
