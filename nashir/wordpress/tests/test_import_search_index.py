"""A real-sized import leaves the whole archive searchable, and its report says what the index holds.

The export is the benchmark's generator (bench/wxr_generate.py) in its short form: 130 posts,
written in batches of 50 and indexed in chunks of 50 — three of each, as a real archive of
some thousands runs in chunks of 500 (the size does not change the code path, the count does).
"""

import importlib.util
import io
import re
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from wagtail.search.models import IndexEntry

from nashir.news.models import ArticlePage, SectionPage
from nashir.search.query import plan, ranked_ids
from nashir.wordpress import importer

pytestmark = pytest.mark.django_db

POSTS = 130
CHUNK = 50
GENERATOR = Path(__file__).resolve().parents[3] / "bench" / "wxr_generate.py"


def wxr_generate():
    spec = importlib.util.spec_from_file_location("wxr_generate", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def indexed_ids(model):
    content_type = ContentType.objects.get_for_model(model)
    keys = IndexEntry.objects.filter(content_type=content_type).values_list("object_id", flat=True)
    return {int(key) for key in keys}


@pytest.fixture(scope="module")
def big_import(django_db_setup, django_db_blocker, tmp_path_factory):
    """Imported once for the module and rolled back after it."""
    path = tmp_path_factory.mktemp("wxr") / "wxr.xml"
    wxr_generate().generate(POSTS, path, media=None, short=True)
    with (
        pytest.MonkeyPatch.context() as patch,
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        patch.setattr(importer, "INDEX_CHUNK", CHUNK)
        out = io.StringIO()
        call_command(
            "import_wordpress", str(path), batch_size=CHUNK, stdout=out, stderr=io.StringIO()
        )
        yield out.getvalue()
        transaction.set_rollback(True)


def test_every_live_article_of_a_big_import_is_in_the_search_index(big_import):
    """After three chunks, every live article and section is indexed, not only the first chunk."""
    live = set(ArticlePage.objects.live().values_list("pk", flat=True))
    assert len(live) > 2 * CHUNK
    assert live <= indexed_ids(ArticlePage)
    assert set(SectionPage.objects.live().values_list("pk", flat=True)) <= indexed_ids(SectionPage)
    newest = ArticlePage.objects.live().order_by("-published_at").first()
    number = newest.title.split()[-1]  # the generator ends each headline with the post's number
    assert ranked_ids(ArticlePage.objects.published().order_by(), plan(number))[0] == newest.pk


def test_the_report_counts_what_the_index_really_holds(big_import):
    """The report's «search index» line is read back from the index: all articles, all sections."""
    articles = ArticlePage.objects.count()
    sections = SectionPage.objects.count()
    assert f"search index: {articles}/{articles} articles, {sections}/{sections} sections" in (
        big_import
    )
    assert "missing from the index" not in big_import


def test_the_report_warns_when_pages_are_missing_from_the_index(home, monkeypatch):
    """If the index did not take the pages, the report says how many it holds and what to run."""
    from nashir.wordpress import importer

    monkeypatch.setattr(importer, "get_search_backends", lambda **kwargs: iter([]))
    fixture = Path(__file__).parent / "fixtures" / "news.xml"
    out = io.StringIO()
    call_command("import_wordpress", str(fixture), stdout=out, stderr=io.StringIO())
    assert re.search(r"search index: 0/[1-9]\d* articles", out.getvalue())
    assert "run 'manage.py update_index'" in out.getvalue()
