"""Posts converted ahead in a worker process give what converting in the importer gives."""

import io
import logging
import os
import signal
from pathlib import Path

import pytest

from nashir.wordpress import ahead
from nashir.wordpress import content as wp_content

POSTS = [
    "<p>قال وزير الزراعة إن الموسم <b>جيد</b>.</p><p>اقرأ أيضاً: "
    '<a href="https://old.example/?p=7">خبر آخر</a></p>',
    "<!-- wp:paragraph --><p>فقرة من محرر المكوّنات</p><!-- /wp:paragraph -->"
    '<!-- wp:image {"id":12} --><figure><img src="https://old.example/a.jpg" class="wp-image-12">'
    "<figcaption>صورة من السوق</figcaption></figure><!-- /wp:image -->",
    "<h2>عنوان فرعي</h2><ul><li>أول</li><li>ثان</li></ul><script>alert(1)</script>",
]


def test_a_batch_converted_ahead_is_what_the_importer_converts():
    with ahead.ConvertAhead(ahead.MIN_POSTS) as converter:
        assert converter.pool is not None
        converter.submit(POSTS)
        assert [converter.convert(post) for post in POSTS] == [
            wp_content.to_blocks_and_text(post) for post in POSTS
        ]
        assert not converter.waiting


def test_small_imports_convert_in_their_own_process():
    with ahead.ConvertAhead(ahead.MIN_POSTS - 1) as converter:
        converter.submit(POSTS)
        assert converter.pool is None
        assert converter.convert(POSTS[0]) == wp_content.to_blocks_and_text(POSTS[0])


def test_a_post_that_fails_in_the_worker_fails_in_the_importer():
    """The worker cannot report an error against a post: it hands the post back, and the
    importer's own conversion raises where the post is imported (and is listed as failed)."""
    with ahead.ConvertAhead(ahead.MIN_POSTS) as converter:
        nested = "<div>" * 5000 + "نص"  # deeper than the converter goes
        converter.submit([POSTS[0], nested])
        assert converter.convert(POSTS[0]) == wp_content.to_blocks_and_text(POSTS[0])
        assert converter.waiting[nested][0].result()[1] is None  # the worker gave it back
        with pytest.raises(RecursionError):
            converter.convert(nested)
        assert converter.pool is not None  # one bad post does not stop the worker


def test_a_dead_worker_leaves_the_conversion_to_the_importer(caplog):
    with ahead.ConvertAhead(ahead.MIN_POSTS) as converter:
        converter.submit(POSTS[:1])
        assert converter.convert(POSTS[0]) == wp_content.to_blocks_and_text(POSTS[0])
        for pid in list(converter.pool._processes):
            os.kill(pid, signal.SIGKILL)
        converter.submit(POSTS[1:])
        with caplog.at_level(logging.WARNING, logger="nashir.wordpress.ahead"):
            results = [converter.convert(post) for post in POSTS[1:]]
        assert results == [wp_content.to_blocks_and_text(post) for post in POSTS[1:]]
        assert converter.pool is None
        assert len([r for r in caplog.records if "ahead stopped" in r.getMessage()]) == 1


@pytest.mark.django_db
def test_an_import_converting_ahead_writes_the_same_articles(home, tmp_path, monkeypatch):
    """The test export imported twice, as two source sites: once with a worker converting
    every batch ahead (batches of two, so batches are in flight while others are written),
    once converting in the importer. Every article's body is the same."""
    from django.core.management import call_command

    from nashir.news.models import ArticlePage
    from nashir.wordpress.models import ImportedItem

    news = Path(__file__).parent / "fixtures" / "news.xml"
    used = []
    real_convert = ahead.ConvertAhead.convert

    def convert(self, content):
        used.append(self.pool is not None and content in self.waiting)
        return real_convert(self, content)

    monkeypatch.setattr(ahead.ConvertAhead, "convert", convert)

    def run(path):
        call_command(
            "import_wordpress",
            str(path),
            "--batch-size",
            "2",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )

    monkeypatch.setattr(ahead, "MIN_POSTS", 0)
    run(news)
    from_worker = sum(used)
    monkeypatch.setattr(ahead, "MIN_POSTS", 10**9)
    other = tmp_path / "other.xml"
    other.write_text(news.read_text().replace("old.example.com", "other.example.com"))
    run(other)

    def bodies(site):
        items = ImportedItem.objects.filter(site=site, kind="post")
        pages = ArticlePage.objects.in_bulk([item.object_id for item in items])
        return {
            item.wp_key: [
                (block.block_type, block.value if block.block_type == "paragraph" else None)
                for block in pages[item.object_id].body
            ]
            for item in items
            if item.object_id in pages
        }

    ahead_bodies = bodies("https://old.example.com")
    assert len(ahead_bodies) == 7
    assert from_worker == 7  # each article's first conversion came from the worker
    assert ahead_bodies == bodies("https://other.example.com")


@pytest.mark.django_db
def test_a_rerun_sends_the_worker_only_the_posts_that_changed(home, tmp_path, monkeypatch):
    from django.core.management import call_command

    news = Path(__file__).parent / "fixtures" / "news.xml"
    sent = []
    real_submit = ahead.ConvertAhead.submit
    monkeypatch.setattr(
        ahead.ConvertAhead, "submit", lambda self, c: sent.append(list(c)) or real_submit(self, c)
    )
    converted = []
    real_convert = ahead.ConvertAhead.convert
    monkeypatch.setattr(
        ahead.ConvertAhead,
        "convert",
        lambda self, c: converted.append(c) or real_convert(self, c),
    )
    monkeypatch.setattr(ahead, "MIN_POSTS", 0)

    def run(path):
        sent.clear()
        converted.clear()
        call_command("import_wordpress", str(path), stdout=io.StringIO(), stderr=io.StringIO())
        return [content for batch in sent for content in batch]

    first = run(news)
    assert len(first) >= 7
    # Nothing changed: only what the importer itself converts again is sent (posts whose
    # read-also targets came later in the file), not the unchanged ones.
    again = run(news)
    assert len(again) < len(first)
    assert set(again) <= set(converted)
    edited = tmp_path / "edited.xml"
    text = news.read_text()
    item = next(  # a post the re-run left alone
        i
        for i in text.split("<item>")
        if "<wp:post_type><![CDATA[post]]>" in i
        and "<content:encoded>" in i
        and not any(content in i for content in again)
        and "<wp:status><![CDATA[publish]]>" in i
    )
    edited.write_text(
        text.replace(item, item.replace("]]></content:encoded>", " (تحديث)]]></content:encoded>"))
    )
    assert len(run(edited)) == len(again) + 1
