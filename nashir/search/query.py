"""From what a reader typed to ranked article ids, through Wagtail's search backend.

The query goes through exactly the analysis the articles went through at index time
(nashir.arabic), then alias expansion, and reaches the backend as Wagtail query objects
built from analysed terms only — letters and digits — so no FTS5 or tsquery syntax a
reader types (quotes, *, NEAR, OR, -, ^) can ever reach the engine.
"""

import math
from dataclasses import dataclass, field

from django.utils import timezone
from wagtail.search.query import And, Or, PlainText

from nashir.arabic.aliases import Slot

from .aliases import alias_index

#: Longest query read, in characters; the rest is ignored (and the reader told).
MAX_QUERY_LENGTH = 200
#: How many best matches are re-ranked by freshness; later pages fall back to relevance.
RERANK_WINDOW = 200
#: The most results a query lists (a reader never pages that far; the engine stays fast).
MAX_RESULTS = 500
#: SQLite: a word found in more articles than this is ranked among its newest this-many
#: matches (in index order, which is publishing order), so its cost stays flat as the
#: archive grows. Readers reach older stories with the date filter.
MAX_RANKED_MATCHES = 2000
#: A story this many days old keeps half of its freshness bonus.
FRESHNESS_HALF_LIFE_DAYS = 30
#: How much of the final score freshness can move: relevance always dominates.
FRESHNESS_WEIGHT = 0.35


@dataclass
class SearchPlan:
    """What a query means to the engine: alternatives of AND-ed slots, and their terms."""

    text: str
    truncated: bool
    alternatives: list[list[Slot]] = field(default_factory=list)

    @property
    def terms(self) -> set[str]:
        """Every term any alternative can match: what snippets highlight."""
        return {term for alt in self.alternatives for slot in alt for term in slot}

    @property
    def is_empty(self) -> bool:
        return not self.alternatives


def plan(raw: str) -> SearchPlan:
    """Cap, analyse and alias-expand a reader's query. Never raises."""
    text = (raw or "").strip()
    truncated = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH]
    return SearchPlan(text=text, truncated=truncated, alternatives=alias_index().expand(text))


def _any_of(queries):
    return queries[0] if len(queries) == 1 else Or(queries)


def _all_of(queries):
    return queries[0] if len(queries) == 1 else And(queries)


def wagtail_query(alternatives: list[list[Slot]]):
    """OR of alternatives, each an AND of slots, each an OR of single analysed terms."""
    return _any_of(
        [
            _all_of([_any_of([PlainText(term) for term in slot]) for slot in alternative])
            for alternative in alternatives
        ]
    )


def freshness(published_at, now) -> float:
    """1 for a story published now, falling by half every FRESHNESS_HALF_LIFE_DAYS."""
    if published_at is None:
        return 0.0
    age_days = max((now - published_at).total_seconds(), 0) / 86400
    return math.pow(0.5, age_days / FRESHNESS_HALF_LIFE_DAYS)


def ranked_ids(queryset, search_plan: SearchPlan, window: int = RERANK_WINDOW) -> list[int]:
    """Ids of matching articles in `queryset`, best first: relevance times freshness.

    The `window` most relevant matches are re-ranked by freshness; the rest (up to
    MAX_RESULTS) keep the engine's relevance order.
    """
    if search_plan.is_empty:
        return []
    if _uses_sqlite_fts():
        scored = _sqlite_scored(queryset, search_plan.alternatives)
    else:
        scored = _wagtail_scored(queryset, search_plan.alternatives)
    if not scored:
        return []
    best, rest = scored[:window], scored[window:]
    top = max(abs(score) for _, score, _ in best) or 1.0
    now = timezone.now()

    def combined(row):
        _, score, published_at = row
        boost = 1 - FRESHNESS_WEIGHT + FRESHNESS_WEIGHT * freshness(published_at, now)
        return abs(score) / top * boost

    return [pk for pk, _, _ in sorted(best, key=combined, reverse=True)] + [r[0] for r in rest]


def _wagtail_scored(queryset, alternatives):
    """(pk, score, published_at) through Wagtail's backend (PostgreSQL, Elasticsearch …).

    Scores are used by magnitude only: SQLite's bm25 is negative, ts_rank positive.
    """
    results = (
        queryset.only("pk", "published_at")
        .search(wagtail_query(alternatives), order_by_relevance=True)
        .annotate_score("_score")
    )
    return [(a.pk, a._score or 0.0, a.published_at) for a in results[:MAX_RESULTS]]


def _uses_sqlite_fts() -> bool:
    """True for Wagtail's SQLite FTS5 backend (its module cannot even be imported elsewhere)."""
    from wagtail.search.backends import get_search_backend

    return any(cls.__name__ == "SQLiteSearchBackend" for cls in type(get_search_backend()).__mro__)


def fts5_match(alternatives: list[list[Slot]]) -> str:
    """The FTS5 MATCH expression for the analysed-text column (terms are letters/digits)."""

    def any_of(parts):
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    expression = any_of(
        [
            "(" + " AND ".join(any_of([f'"{term}"' for term in slot]) for slot in alt) + ")"
            for alt in alternatives
        ]
    )
    return "{body} : " + expression


def _sqlite_scored(queryset, alternatives):
    """(pk, bm25, published_at) straight from the FTS5 table Wagtail's backend maintains.

    Wagtail's SQLite backend scores every match with a correlated subquery, seconds per
    search at 10,000 articles. Here FTS5 scores the newest MAX_RANKED_MATCHES matches itself
    (walking its index backwards, in C), so a word found in half the archive costs what a word
    found in 2,000 articles costs, however large the archive grows. The reader's filters
    (published, section, author, dates) are applied to the best of those; only when they
    leave too few is the match run again over the articles the filters allow, so a date
    range still reaches the oldest stories.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from wagtail.search.models import IndexEntry, SQLiteFTSIndexEntry

    fts = connection.ops.quote_name(SQLiteFTSIndexEntry._meta.db_table)
    entries = connection.ops.quote_name(IndexEntry._meta.db_table)
    content_type = ContentType.objects.get_for_model(queryset.model).pk

    def newest_matches(where=""):
        return (
            f"SELECT CAST(e.object_id AS INTEGER) AS pk, bm25({fts}) AS score "
            f"FROM {fts} JOIN {entries} e ON e.id = {fts}.rowid "
            f"WHERE {fts} MATCH %s AND e.content_type_id = %s {where} "
            f"ORDER BY {fts}.rowid DESC LIMIT %s"
        )

    def best(rows_sql):
        return f"SELECT pk, score FROM ({rows_sql}) ORDER BY score LIMIT %s"

    match = fts5_match(alternatives)
    with connection.cursor() as cursor:
        cursor.execute(
            best(newest_matches()), [match, content_type, MAX_RANKED_MATCHES, MAX_RESULTS]
        )
        candidates = cursor.fetchall()
        allowed = dict(
            queryset.filter(pk__in=[pk for pk, _ in candidates]).values_list("pk", "published_at")
        )
        if len(candidates) == MAX_RESULTS and len(allowed) < MAX_RESULTS // 2:
            # Narrow filters over a common word: rank only the articles they allow.
            subquery, params = queryset.values("pk").query.sql_with_params()
            cursor.execute(
                best(newest_matches(f"AND CAST(e.object_id AS INTEGER) IN ({subquery})")),
                [match, content_type, *params, MAX_RANKED_MATCHES, MAX_RESULTS],
            )
            candidates = cursor.fetchall()
            allowed = dict(
                queryset.filter(pk__in=[pk for pk, _ in candidates]).values_list(
                    "pk", "published_at"
                )
            )
    return [(pk, score, allowed[pk]) for pk, score in candidates if pk in allowed]
