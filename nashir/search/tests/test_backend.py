"""Writing to the index costs what the chunk holds, not what the archive holds (search.backend)."""

import pytest
from django.db import connection
from django.db.models.functions import Length
from django.test.utils import CaptureQueriesContext
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from nashir.news.models import ArticlePage
from nashir.news.tests.factories import make_article
from nashir.search import backend as search_backend

pytestmark = pytest.mark.django_db


def entry(article):
    return IndexEntry.objects.annotate(length=Length("title")).get(
        object_id=str(article.pk), content_type__model="articlepage"
    )


def headline_lengths():
    """Each entry's headline length as the database counts it (terms in a tsvector on
    PostgreSQL, characters on SQLite), entries without a headline left out."""
    lengths = IndexEntry.objects.annotate(length=Length("title")).values_list("length", flat=True)
    return [n for n in lengths if n]


def test_a_chunk_sets_the_norms_of_its_own_rows_only(section):
    """Rows outside the chunk are not read or written; the chunk's rows get lavg / length."""
    old = make_article(section, "خبر قديم عن الطقس في دمشق")
    IndexEntry.objects.filter(pk=entry(old).pk).update(title_norm=1.0)  # as if never normed
    new = [make_article(section, f"افتتاح مدرسة جديدة رقم {n} في حلب") for n in range(3)]
    IndexEntry.objects.filter(object_id__in=[str(a.pk) for a in new]).update(title_norm=1.0)

    backend = get_search_backend()
    with CaptureQueriesContext(connection) as queries:
        backend.add_bulk(ArticlePage, list(ArticlePage.objects.filter(pk__in=[a.pk for a in new])))

    assert entry(old).title_norm == 1.0  # Wagtail's own refresh would have set it too
    lengths = headline_lengths()
    lavg = sum(lengths) / len(lengths)
    for article in new:
        row = entry(article)
        assert row.title_norm == pytest.approx(lavg / row.length)
    norm_updates = [q["sql"] for q in queries if "title_norm" in q["sql"] and "UPDATE" in q["sql"]]
    assert norm_updates and all("object_id" in sql for sql in norm_updates)


def test_the_average_is_taken_over_the_newest_entries(section, monkeypatch):
    """Above NORM_SAMPLE entries the average headline length is the newest entries' average."""
    monkeypatch.setattr(search_backend, "NORM_SAMPLE", 2)
    make_article(section, "عنوان " + "طويل " * 30)  # oldest: left out of the sample
    a = make_article(section, "خبر")
    b = make_article(section, "خبر آخر عن المدارس")
    IndexEntry.objects.filter(object_id=str(b.pk)).update(title_norm=1.0)
    get_search_backend().add_bulk(ArticlePage, [ArticlePage.objects.get(pk=b.pk)])
    sample = [entry(a).length, entry(b).length]
    assert entry(b).title_norm == pytest.approx(sum(sample) / 2 / sample[1])


def test_a_full_refresh_still_sets_every_row(section):
    """update_index and rebuilds refresh every row as Wagtail does."""
    articles = [make_article(section, f"خبر رقم {n}") for n in range(3)]
    IndexEntry.objects.update(title_norm=1.0)
    index = get_search_backend().get_index_for_model(ArticlePage)
    index._refresh_title_norms(full=True)
    assert all(entry(a).title_norm != 1.0 for a in articles)


def test_each_field_is_analysed_once_per_article_per_write(section, monkeypatch):
    """Wagtail's indexer reads every search field for each vector and text it builds (five
    times on PostgreSQL, three on SQLite); nashir's analysed fields are computed once each, and
    the index holds what computing them every time gives."""
    from nashir.news import indexing

    articles = [
        make_article(section, f"وزير الزراعة يفتتح سوقاً للمزارعين رقم {n}") for n in range(3)
    ]
    pages = list(ArticlePage.get_indexed_objects().filter(pk__in=[a.pk for a in articles]))
    backend = get_search_backend()
    before = {a.pk: (entry(a).title, entry(a).body) for a in articles}  # written by publishing

    calls = []
    for name in ("search_headline", "search_lead", "search_body"):
        real = getattr(indexing, name)
        monkeypatch.setattr(
            indexing,
            name,
            lambda page, real=real, name=name: calls.append((name, page.pk)) or real(page),
        )
    IndexEntry.objects.all().delete()
    backend.add_bulk(ArticlePage, pages)

    assert sorted(calls) == sorted(
        (name, a.pk) for name in ("search_headline", "search_lead", "search_body") for a in articles
    )
    assert {a.pk: (entry(a).title, entry(a).body) for a in articles} == before
    # Outside a write the fields are computed as asked (an edited page is never stale).
    field = next(f for f in ArticlePage.get_search_fields() if f.field_name == "search_body")
    calls.clear()
    field.get_value(pages[0]), field.get_value(pages[0])
    assert len(calls) == 2
