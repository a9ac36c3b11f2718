"""An import killed half-way (kill -9) leaves only whole posts, and running it again finishes it."""

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Revision

from nashir.discussion.models import Comment
from nashir.news.models import ArticleByline, ArticlePage, ArticleTag
from nashir.related import bulk as related_bulk
from nashir.related.models import ArticleTerm, RelatedArticle, TermFrequency
from nashir.wordpress.importer import RelatedLists
from nashir.wordpress.models import ImportedItem, ImportedSite
from nashir.wordpress.wxr import parse_wxr

ROOT = Path(settings.BASE_DIR)
POSTS = 240
BATCH = 20


def generate_export(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from wxr_generate import generate
    finally:
        sys.path.pop(0)
    out = tmp_path / "export.xml"
    generate(POSTS, out, None)
    return out


def database_url(tmp_path):
    """A database the import process can share with the test: the test database itself on
    PostgreSQL; on SQLite (in memory in the tests) a file copy of it."""
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        return (
            f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:"
            f"{s['PORT'] or 5432}/{s['NAME']}"
        ), None
    file = tmp_path / "db.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(file) as target:
        connection.connection.backup(target)
    return f"sqlite:///{file}", file


def load_back(file):
    """SQLite: the file the import process wrote becomes the test database again."""
    if file is None:
        return
    connection.close()
    connection.ensure_connection()
    with sqlite3.connect(file) as source:
        source.backup(connection.connection)


def import_env(url, tmp_path):
    """The environment of an import process writing to the database at `url`."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "nashir.settings.test",
        "NASHIR_VAR_DIR": str(tmp_path / "var"),
    }


def imported_posts(url, file):
    if file is not None:
        with sqlite3.connect(file, timeout=30) as db:
            return db.execute(
                "SELECT count(*) FROM wordpress_importeditem WHERE kind = 'post'"
            ).fetchone()[0]
    return ImportedItem.objects.filter(kind="post").count()


def assert_nothing_half_written(export):
    """Every article in the database is whole; every post mapped has its article."""
    posts = {item.wp_id: item for item in export.items if item.post_type == "post"}
    mapped = dict(ImportedItem.objects.filter(kind="post").values_list("object_id", "wp_key"))
    articles = list(ArticlePage.objects.all())
    assert articles, "the import was killed before its first batch: raise POSTS"
    for article in articles:
        assert article.pk in mapped, f"article {article.pk} without its mapping record"
        item = posts[int(mapped[article.pk])]
        assert article.latest_revision_id is not None
        assert Revision.objects.filter(object_id=str(article.pk)).count() == 1
        assert ArticleByline.objects.filter(article=article).count() == 1
        assert ArticleTag.objects.filter(content_object=article).count() == len(item.tags)
        if article.live:
            assert article.live_revision_id == article.latest_revision_id
            assert Redirect.objects.filter(
                old_path=f"/?p={item.wp_id}", redirect_page=article
            ).exists()
        wanted = [c for c in item.comments if c.type not in ("pingback", "trackback")]
        assert Comment.objects.filter(article=article).count() == len(wanted)
    assert len(mapped) == len(articles)
    assert Page.find_problems() == ([], [], [], [], [])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_killed_half_way_continues_and_duplicates_nothing(home, tmp_path):
    """kill -9 in the middle: only whole posts are there; the next run goes on to the end."""
    export_file = generate_export(tmp_path)
    export = parse_wxr(export_file)
    url, file = database_url(tmp_path)
    env = import_env(url, tmp_path)
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "import_wordpress",
            str(export_file),
            "--batch-size",
            str(BATCH),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 600
    try:
        while imported_posts(url, file) < 3 * BATCH:
            assert process.poll() is None, process.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "the import never got going"
            time.sleep(0.2)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stderr.close()
    load_back(file)

    done = ImportedItem.objects.filter(kind="post").count()
    assert 3 * BATCH <= done < POSTS, "killed too late to test anything: raise POSTS"
    assert done % BATCH == 0  # whole batches only
    assert_nothing_half_written(export)

    out = io.StringIO()
    call_command(
        "import_wordpress", str(export_file), "--batch-size", str(BATCH), stdout=out, stderr=out
    )
    assert "finished the work of a run stopped before its end" in out.getvalue()

    importable = [i for i in export.items if i.post_type == "post" and i.status != "trash"]
    assert ArticlePage.objects.count() == len(importable)
    assert ImportedItem.objects.filter(kind="post").count() == len(importable)
    assert_nothing_half_written(export)
    # The end work of the killed run was done by the second one.
    source = ImportedSite.objects.get()
    assert source.finished_at is not None
    assert ImportedItem.objects.filter(updated_at__gt=source.finished_at).count() == 0


def related_state():
    return (
        sorted(RelatedArticle.objects.values_list("article_id", "related_id", "score", "rank")),
        sorted(ArticleTerm.objects.values_list("article_id", "term", "weight")),
        sorted(TermFrequency.objects.values_list("term", "df")),
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_import_rebuilds_related_lists_in_a_second_process(home, tmp_path):
    """More than RelatedLists.FULL_REBUILD articles: the lists are rebuilt by a second process
    while the import writes the search index (both writing the same database), and they are
    the lists a rebuild in one process makes."""
    export_file = generate_export(tmp_path)
    url, file = database_url(tmp_path)
    env = import_env(url, tmp_path)
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "import_wordpress", str(export_file)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "in a second process, beside the search index" in done.stdout, done.stderr[-3000:]
    load_back(file)
    live = ArticlePage.objects.live().count()
    assert live > RelatedLists.FULL_REBUILD
    assert "some pages are missing from the index" not in done.stdout
    assert f"search index: {ArticlePage.objects.count()}/" in done.stdout
    beside = related_state()
    assert len({article_id for article_id, *_ in beside[0]}) > 0.9 * live
    related_bulk.rebuild()
    assert related_state() == beside
