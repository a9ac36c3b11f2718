"""A guard on ranking quality: a smaller cut of the generated archive of `make bench-search-quality`.

400 stories of the same kinds, distractors and follow-ups, 35 labelled queries (five of each
kind). The targets are the issue's, for the whole set: the story a reader means is first for
at least 80 % of queries and on the first page for 95 %, and headline queries find it first.
The full set (2,000 stories, 210 queries, per-kind figures) is `make bench-search-quality`.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from nashir.search import aliases
from nashir.search.query import plan, ranked_ids
from nashir.search.views import _filtered

from . import archive

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def labelled(django_db_setup, django_db_blocker):
    """The archive loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        stories, queries = archive.build(articles=400, queries_per_kind=5)
        ids = archive.load(stories)
        yield ids, queries
        transaction.set_rollback(True)


def rank_of(ids, query):
    now = timezone.now()
    filters = {}
    if query.from_days_ago is not None:
        filters["date_from"] = timezone.localdate(now - timedelta(days=query.from_days_ago))
        filters["date_to"] = timezone.localdate(now - timedelta(days=query.to_days_ago))
    found = ranked_ids(_filtered(filters), plan(query.text))
    target = ids[query.story]
    return found.index(target) + 1 if target in found else None


def test_the_cut_has_every_kind_of_query(labelled):
    """Seven kinds, five queries each, each labelled with a story of the archive."""
    ids, queries = labelled
    assert {q.kind for q in queries} == set(archive.KINDS)
    assert len(queries) == 35 and all(q.story in ids for q in queries)


def test_readers_find_the_story_they_mean(labelled):
    """success@10 ≥ 0.95 and success@1 ≥ 0.80 overall; headline queries: the story first."""
    aliases.invalidate()
    ids, queries = labelled
    ranks = [(q, rank_of(ids, q)) for q in queries]
    first = sum(r == 1 for _, r in ranks) / len(ranks)
    page = sum(r is not None and r <= 10 for _, r in ranks) / len(ranks)
    missed = [(q.kind, q.text, r) for q, r in ranks if r != 1]
    assert page >= 0.95, missed
    assert first >= 0.80, missed
    headline = [r for q, r in ranks if q.kind in ("headline-words", "headline-phrase")]
    assert all(r == 1 for r in headline), missed
