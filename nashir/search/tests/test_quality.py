"""Search quality over a small Arabic corpus: every case must be found in the top 10."""

from collections import defaultdict

import pytest

from nashir.news.models import ArticlePage
from nashir.search.query import plan, ranked_ids

from .corpus import CASES

pytestmark = pytest.mark.django_db


def top_slugs(newsroom, query, limit=10):
    ids = ranked_ids(ArticlePage.objects.published().order_by(), plan(query))[:limit]
    return [newsroom.slug_of[pk] for pk in ids]


def test_the_quality_set_is_large_and_covers_every_variant_class():
    """The set has ≥80 cases and exercises each spelling gap the issue lists."""
    kinds = {kind.split("-")[0] for _, _, kind in CASES}
    prefixes = {kind for _, _, kind in CASES if kind.startswith("prefix-")}
    assert len(CASES) >= 80
    assert kinds >= {"hamza", "alef", "ta", "tashkeel", "tatweel", "digits", "prefix", "plural"}
    assert "alias" in kinds
    assert len(prefixes) == 11  # و ف ب ك ل ال وال بال كال فال لل


@pytest.mark.parametrize(("query", "slug", "kind"), CASES)
def test_reader_finds_the_article_they_mean(newsroom, query, slug, kind):
    """Whatever spelling, prefix or alias the reader types, the story is in the top 10."""
    assert slug in top_slugs(newsroom, query), (query, kind)


def test_precision_at_10(newsroom, capsys):
    """Reports how much of the top 10 is relevant (printed by `make bench-search-quality`)."""
    relevant = defaultdict(set)
    for query, slug, _ in CASES:
        relevant[query].add(slug)
    precisions, found = [], 0
    for query, wanted in relevant.items():
        top = top_slugs(newsroom, query)
        found += len(wanted & set(top))
        precisions.append(len(wanted & set(top)) / len(top) if top else 0.0)
    recall = found / sum(len(w) for w in relevant.values())
    precision = sum(precisions) / len(precisions)
    with capsys.disabled():
        print(
            f"\nsearch quality: {len(CASES)} cases, {len(relevant)} distinct queries, "
            f"recall@10 {recall:.1%}, precision@10 {precision:.1%} "
            "(share of the returned top-10 that is a listed relevant article)"
        )
    assert recall == 1.0
