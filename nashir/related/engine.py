"""Computing and storing related-article lists, at publish time and in bounded work.

An article's list is made from a few queries whose size does not depend on the archive:
its strongest terms each bring at most POSTINGS_PER_TERM articles (strongest postings
first, through the (term, weight) index), each of its tags and its section bring a few
recent articles, and only those candidates are scored:

    text similarity (dot product of unit tf·idf vectors)
    + TAG_WEIGHT × the share of this article's tags the candidate has
    + SECTION_WEIGHT if in the same section
    + RECENCY_WEIGHT × ½^(days between them / RECENCY_HALF_LIFE_DAYS)

The best STORED are kept in RelatedArticle behind the editor's pins, and the new article is
offered to the lists of the articles it is most related to (`spread`).
"""

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from nashir.news.models import ArticlePage, ArticleTag

from .models import (
    DOCUMENTS,
    ArticleTerm,
    IndexedArticle,
    PinnedRelatedArticle,
    RelatedArticle,
    TermFrequency,
)
from .terms import term_counts, weigh

#: An article's strongest terms that look for candidates.
QUERY_TERMS = 15
#: Articles each of those terms brings at most.
POSTINGS_PER_TERM = 100
#: Best text matches kept as candidates, besides the tag and section ones.
TEXT_POOL = 60
#: Recent articles brought by each tag (up to MAX_TAGS tags) and by the section.
TAG_POOL = 20
MAX_TAGS = 8
SECTION_POOL = 20
#: Entries stored per article (more than shown, so an unpublished one leaves no hole).
STORED = 8

TAG_WEIGHT = 0.2
SECTION_WEIGHT = 0.05
RECENCY_WEIGHT = 0.1
RECENCY_HALF_LIFE_DAYS = 14

_CHUNK = 500

#: The order of a term's postings (the strongest first; ties: the newer article) and of a
#: section's recent articles. Total orders, so a list does not depend on the database's
#: whim on ties, and the bulk rebuild (nashir.related.bulk) can give the same lists.
POSTING_ORDER = ("-weight", "-article_id")
SECTION_ORDER = (F("published_at").desc(nulls_last=True), "-pk")
#: An article's vector as read back from ArticleTerm: strongest first, ties by term (weigh's order).
VECTOR_ORDER = ("-weight", "term")


@dataclass
class Subject:
    """What an article is compared by: its term vector, tags, section and date."""

    pk: int | None
    vector: list[tuple[str, float]]
    tag_ids: set[int] = field(default_factory=set)
    section_id: int | None = None
    published_at: datetime | None = None


def _chunks(items):
    items = list(items)
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def adjust_df(terms, delta):
    """Add `delta` to the document frequency of each term (rows made when first seen)."""
    for chunk in _chunks(terms):
        if delta > 0:
            TermFrequency.objects.bulk_create(
                [TermFrequency(term=t, df=0) for t in chunk], ignore_conflicts=True
            )
        TermFrequency.objects.filter(term__in=chunk).update(df=F("df") + delta)


def document_frequencies(terms):
    """{term: df} for these terms, and the number of indexed articles."""
    df = {}
    for chunk in _chunks([*terms, DOCUMENTS]):
        df.update(TermFrequency.objects.filter(term__in=chunk).values_list("term", "df"))
    return df, df.pop(DOCUMENTS, 0)


def index_article(article):
    """Count the article in the document frequencies and store its strongest terms."""
    counts = term_counts(article)
    vocabulary = set(counts)
    with transaction.atomic():
        known = IndexedArticle.objects.select_for_update().filter(pk=article.pk).first()
        before = known.terms if known else set()
        adjust_df(vocabulary - before, +1)
        adjust_df(before - vocabulary, -1)
        if known is None:
            adjust_df([DOCUMENTS], +1)
        IndexedArticle.objects.update_or_create(
            article_id=article.pk, defaults={"term_counts": IndexedArticle.encode(counts)}
        )
        df, documents = document_frequencies(vocabulary)
        vector = weigh(counts, df, documents)
        ArticleTerm.objects.filter(article_id=article.pk).delete()
        ArticleTerm.objects.bulk_create(
            ArticleTerm(article_id=article.pk, term=term, weight=weight) for term, weight in vector
        )
    return vector


def draft_vector(article):
    """The term vector of unsaved text (the editor's draft), without counting it anywhere."""
    counts = term_counts(article)
    df, documents = document_frequencies(counts)
    return weigh(counts, df, documents + 1)


def subject_of(article, vector, section_id=None):
    tag_ids = {t.pk for t in article.tags.all() if t.pk}
    section_id = article.section_id or section_id
    return Subject(article.pk, vector, tag_ids, section_id, article.published_at)


def text_scores(subject):
    """Candidates by shared terms: at most QUERY_TERMS × POSTINGS_PER_TERM postings read."""
    scores = defaultdict(float)
    for term, weight in subject.vector[:QUERY_TERMS]:
        postings = (
            ArticleTerm.objects.filter(term=term)
            .order_by(*POSTING_ORDER)
            .values_list("article_id", "weight")[:POSTINGS_PER_TERM]
        )
        for article_id, other in postings:
            scores[article_id] += weight * other
    scores.pop(subject.pk, None)
    return scores


def text_pool(text):
    """The TEXT_POOL best text matches (ties: the higher id first). heapq.nlargest of
    (score, id) pairs is sorted()[:n] without sorting the thousands of weaker matches, and
    compares the pairs in C (a key function would be called for every match)."""
    pairs = zip(text.values(), text.keys(), strict=True)
    return {pk for _, pk in heapq.nlargest(TEXT_POOL, pairs)}


def rank(subject, size=STORED):
    """The `size` live articles most related to the subject, as [(article_id, score)]."""
    text = text_scores(subject)
    pool = text_pool(text)
    for tag_id in sorted(subject.tag_ids)[:MAX_TAGS]:
        pool.update(
            ArticleTag.objects.filter(tag_id=tag_id)
            .order_by("-pk")
            .values_list("content_object_id", flat=True)[:TAG_POOL]
        )
    if subject.section_id:
        pool.update(
            ArticlePage.objects.live()
            .filter(section_id=subject.section_id)
            .order_by(*SECTION_ORDER)
            .values_list("pk", flat=True)[:SECTION_POOL]
        )
    pool.discard(subject.pk)
    if not pool:
        return []
    shared = defaultdict(int)
    if subject.tag_ids:
        for article_id in ArticleTag.objects.filter(
            content_object_id__in=pool, tag_id__in=subject.tag_ids
        ).values_list("content_object_id", flat=True):
            shared[article_id] += 1
    candidates = (
        ArticlePage.objects.live()
        .filter(pk__in=pool)
        .values_list("pk", "section_id", "published_at")
    )
    return score(subject, text, shared, candidates, size)


def score(subject, text, shared, candidates, size=STORED):
    """Rank the live candidates [(pk, section_id, published_at)] by the sum in the module's
    docstring; ties go to the newer article, then the higher id. Shared with the bulk rebuild
    (nashir.related.bulk), so both give the same lists."""
    when = subject.published_at or timezone.now()
    scored = []
    for pk, section_id, published_at in candidates:
        points = text.get(pk, 0.0)
        if subject.tag_ids:
            points += TAG_WEIGHT * shared[pk] / len(subject.tag_ids)
        if section_id and section_id == subject.section_id:
            points += SECTION_WEIGHT
        if published_at:
            days = abs((when - published_at).total_seconds()) / 86400
            points += RECENCY_WEIGHT * math.pow(0.5, days / RECENCY_HALF_LIFE_DAYS)
        scored.append((pk, points, published_at))
    scored.sort(key=lambda item: (-item[1], -(item[2].timestamp() if item[2] else 0), -item[0]))
    return [(pk, points) for pk, points, _ in scored[:size]]


def store(article_id, ranked):
    """Replace the stored list: the editor's pins first, in their order, then the computed ones."""
    pins = list(
        PinnedRelatedArticle.objects.filter(article_id=article_id)
        .order_by("sort_order", "pk")
        .values_list("related_id", flat=True)
    )
    rows = [RelatedArticle(**row) for row in list_rows(article_id, pins, ranked)]
    with transaction.atomic():
        RelatedArticle.objects.filter(article_id=article_id).delete()
        RelatedArticle.objects.bulk_create(rows)


def list_rows(article_id, pins, ranked):
    """The stored list's rows (as dicts): `pins` (in the editor's order, repeats and the
    article itself dropped) ranked 0…, then the computed ones not pinned, ranked 0…."""
    pins = [pk for i, pk in enumerate(pins) if pk != article_id and pk not in pins[:i]]
    rows = [
        {"article_id": article_id, "related_id": pk, "score": 0.0, "rank": i, "pinned": True}
        for i, pk in enumerate(pins)
    ]
    computed = [(pk, points) for pk, points in ranked if pk not in pins]
    rows += [
        {"article_id": article_id, "related_id": pk, "score": points, "rank": i, "pinned": False}
        for i, (pk, points) in enumerate(computed)
    ]
    return rows


def spread(article_id, ranked):
    """Offer the article to the lists of the articles it is most related to (at most STORED).

    It enters a list when the list is not full or it beats the weakest entry. Returns the ids
    of the lists changed, and of those whose shown part (what readers see) changed.
    """
    shown = settings.NASHIR_RELATED_SIZE
    changed, visible = [], []
    for other_id, score in ranked:
        entries = list(
            RelatedArticle.objects.filter(article_id=other_id, pinned=False)
            .order_by("rank")
            .values_list("related_id", "score")
        )
        current = dict(entries)
        if article_id in current and math.isclose(current[article_id], score, abs_tol=1e-6):
            continue
        if article_id not in current and len(entries) >= STORED and score <= entries[-1][1]:
            continue
        current[article_id] = score
        after = sorted(current.items(), key=lambda item: -item[1])[:STORED]
        with transaction.atomic():
            RelatedArticle.objects.filter(article_id=other_id, pinned=False).delete()
            pinned = set(
                RelatedArticle.objects.filter(article_id=other_id).values_list(
                    "related_id", flat=True
                )
            )
            RelatedArticle.objects.bulk_create(
                RelatedArticle(article_id=other_id, related_id=pk, score=s, rank=i)
                for i, (pk, s) in enumerate(p for p in after if p[0] not in pinned)
            )
        changed.append(other_id)
        if [pk for pk, _ in entries[:shown]] != [pk for pk, _ in after[:shown]]:
            visible.append(other_id)
    return changed, visible


@dataclass
class Refreshed:
    """An article's new list, and the articles whose shown list readers now see changed."""

    ranked: list = field(default_factory=list)
    visible: list = field(default_factory=list)


def refresh(article_id):
    """Publish or edit: index the article, store its list and offer it to its neighbours.

    Nothing is purged here: the publishing pipeline purges the pages in `visible` once,
    together with everything else the publish touched (nashir.publishing.pipeline).
    """
    article = ArticlePage.objects.live().filter(pk=article_id).first()
    if article is None:
        return Refreshed(visible=forget(article_id))
    vector = index_article(article)
    ranked = rank(subject_of(article, vector))
    store(article.pk, ranked)
    _, visible = spread(article.pk, ranked)
    return Refreshed(ranked, [article.pk, *visible])


def forget(article_id):
    """Unpublish: take the article out of every computed list and out of the statistics.

    Pins to it stay (they hide while it is unpublished and return with it). Returns the
    articles whose lists showed it (their pages must be purged).
    """
    holders = list(
        RelatedArticle.objects.filter(related_id=article_id, pinned=False).values_list(
            "article_id", flat=True
        )
    )
    with transaction.atomic():
        RelatedArticle.objects.filter(related_id=article_id, pinned=False).delete()
        RelatedArticle.objects.filter(article_id=article_id).delete()
        ArticleTerm.objects.filter(article_id=article_id).delete()
        known = IndexedArticle.objects.select_for_update().filter(pk=article_id).first()
        if known is not None:
            IndexedArticle.objects.filter(pk=article_id).delete()
            adjust_df([*known.terms, DOCUMENTS], -1)
    return holders


def suggestions(article, limit=6, section_id=None):
    """Articles to link with «اقرأ أيضاً» from the text being written (the editor's request)."""
    vector = draft_vector(article)
    if not vector:
        return []
    subject = subject_of(article, vector, section_id)
    ranked = [pk for pk, _ in rank(subject, size=limit * 2)]
    found = ArticlePage.objects.published().filter(pk__in=ranked).in_bulk()
    return [found[pk] for pk in ranked if pk in found][:limit]
