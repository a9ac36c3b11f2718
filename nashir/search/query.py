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
#: SQLite: a query found in more articles than this is ranked among its newest this-many
#: matches (in index order, which is publishing order), so its cost stays flat as the
#: archive grows (at 100,000 articles 1,000 kept 4-word searches under 30 ms where 2,000
#: took 42). Readers reach older stories with the date filter.
MAX_RANKED_MATCHES = 1000
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
    alternatives = [list(dict.fromkeys(alt)) for alt in alias_index().expand(text)]
    return SearchPlan(text=text, truncated=truncated, alternatives=alternatives)


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


def freshness(age_days) -> float:
    """1 for a story published now, falling by half every FRESHNESS_HALF_LIFE_DAYS."""
    if age_days is None:
        return 0.0
    return math.pow(0.5, max(age_days, 0) / FRESHNESS_HALF_LIFE_DAYS)


def ranked_ids(queryset, search_plan: SearchPlan, window: int = RERANK_WINDOW) -> list[int]:
    """Ids of matching articles in `queryset`, best first: relevance times freshness.

    The `window` most relevant matches are re-ranked by freshness; the rest (up to
    MAX_RESULTS) keep the engine's relevance order.
    """
    if search_plan.is_empty:
        return []
    if uses_sqlite_fts():
        scored = _sqlite_scored(queryset, search_plan.alternatives)
    else:
        scored = _wagtail_scored(queryset, search_plan.alternatives)
    if not scored:
        return []
    best, rest = scored[:window], scored[window:]
    top = max(abs(score) for _, score, _ in best) or 1.0

    def combined(row):
        _, score, age_days = row
        boost = 1 - FRESHNESS_WEIGHT + FRESHNESS_WEIGHT * freshness(age_days)
        return abs(score) / top * boost

    return [pk for pk, _, _ in sorted(best, key=combined, reverse=True)] + [r[0] for r in rest]


def _age_days(published_at, now):
    if published_at is None:
        return None
    return (now - published_at).total_seconds() / 86400


def _wagtail_scored(queryset, alternatives):
    """(pk, score, age in days) through Wagtail's backend (PostgreSQL, Elasticsearch …).

    Scores are used by magnitude only: SQLite's bm25 is negative, ts_rank positive.
    """
    results = (
        queryset.only("pk", "published_at")
        .search(wagtail_query(alternatives), order_by_relevance=True)
        .annotate_score("_score")
    )
    now = timezone.now()
    return [(a.pk, a._score or 0.0, _age_days(a.published_at, now)) for a in results[:MAX_RESULTS]]


def uses_sqlite_fts() -> bool:
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


#: A slot whose words fill more than half of the newest COMMON_SAMPLE indexed articles is
#: "common": bm25 gives such a word no weight (FTS5 floors its IDF at 1e-6 past half the
#: documents), yet scoring it reads its whole posting list. It still has to match.
COMMON_SAMPLE = 1000


def _sqlite_scored(queryset, alternatives):
    """(pk, bm25, age in days) straight from the FTS5 table Wagtail's backend maintains.

    Wagtail's SQLite backend scores every match with a correlated subquery, seconds per
    search at 10,000 articles. Here FTS5 walks its index backwards (newest first, in C),
    keeps the matches the reader's filters allow (published, section, author, dates: the
    filtered queryset joined by primary key) and stops at MAX_RANKED_MATCHES, so a word found
    in half the archive costs what a word found in 1,000 articles costs, and a date range
    still reaches the oldest stories. Those matches are ranked by bm25 over the query's words
    that are not common (see COMMON_SAMPLE): the same order bm25 over every word would give,
    without reading the common words' posting lists twice.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.db.models import F
    from wagtail.search.models import IndexEntry, SQLiteFTSIndexEntry

    fts = connection.ops.quote_name(SQLiteFTSIndexEntry._meta.db_table)
    entries = connection.ops.quote_name(IndexEntry._meta.db_table)
    content_type = ContentType.objects.get_for_model(queryset.model).pk
    allowed, params = (
        queryset.order_by()
        .annotate(_pk=F("pk"), _at=F("published_at"))
        .values("_pk", "_at")
        .query.sql_with_params()
    )

    def newest_matches(score):
        return (
            f"SELECT f._pk AS pk, {score} AS score,"
            f" julianday('now') - julianday(f._at) AS age, {fts}.rowid AS entry"
            f" FROM {fts} JOIN {entries} e ON e.id = {fts}.rowid"
            f" JOIN ({allowed}) f ON f._pk = CAST(e.object_id AS INTEGER)"
            f" WHERE {fts} MATCH %s AND e.content_type_id = %s"
            f" ORDER BY {fts}.rowid DESC LIMIT %s"
        )

    match = [*params, fts5_match(alternatives), content_type, MAX_RANKED_MATCHES]
    with connection.cursor() as cursor:
        rare, common = _split_common(cursor, fts, alternatives)
        if not common:
            cursor.execute(
                f"SELECT pk, score, age FROM ({newest_matches(f'bm25({fts})')})"
                " ORDER BY score LIMIT %s",
                [*match, MAX_RESULTS],
            )
            return cursor.fetchall()
        cursor.execute(newest_matches("0"), match)
        rows = cursor.fetchall()
        scores = {}
        if rows and rare:
            cursor.execute(
                f"SELECT rowid, bm25({fts}) FROM {fts} WHERE {fts} MATCH %s AND rowid >= %s",
                [fts5_match([rare]), min(entry for *_, entry in rows)],
            )
            scores = dict(cursor.fetchall())
    ranked = sorted(rows, key=lambda row: scores.get(row[3], 0.0))[:MAX_RESULTS]
    return [(pk, scores.get(entry, 0.0), age) for pk, _, age, entry in ranked]


def _split_common(cursor, fts, alternatives):
    """A one-alternative query's slots as (rare, common); ([], []) when there is nothing to split."""
    if len(alternatives) != 1:
        return [], []  # alias expansions: rare, and ranked the plain way
    cursor.execute(f"SELECT rowid FROM {fts} ORDER BY rowid DESC LIMIT 1")  # noqa: S608
    newest = cursor.fetchone()
    if newest is None:
        return [], []
    rare, common = [], []
    for slot in alternatives[0]:
        cursor.execute(
            f"SELECT count(*), min(rowid) FROM (SELECT rowid FROM {fts} WHERE {fts} MATCH %s"
            " ORDER BY rowid DESC LIMIT %s)",
            [fts5_match([[slot]]), COMMON_SAMPLE],
        )
        found, oldest = cursor.fetchone()
        crowded = found == COMMON_SAMPLE and newest[0] - oldest + 1 < 2 * COMMON_SAMPLE
        (common if crowded else rare).append(slot)
    return rare, common
