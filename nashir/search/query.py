"""From what a reader typed to ranked article ids.

The query goes through exactly the analysis the articles went through at index time
(nashir.arabic), then alias expansion, and reaches the engine built from analysed terms only —
letters and digits, each quoted — so no FTS5 or tsquery syntax a reader types (quotes, *, NEAR,
OR, -, ^, :) can ever reach it.

Ranking is the newsroom's: where the words are decides first, the engine's relevance and the
story's freshness decide between stories where they are alike (see rank_of()):

5. the headline has all the query's words, together and in order;
4. the headline has all of them;
3. they stand together, in order, anywhere else (the lead or the body);
2. the headline has some of them;
1. they are only in the lead or the body.

Within a tier, the engine's relevance weighs the headline, lead and body columns apart
(HEADLINE_WEIGHT, LEAD_WEIGHT), and is multiplied by a freshness factor that can only reorder
similar matches: a body mention is never lifted above a headline match.
"""

import math
import re
from dataclasses import dataclass, field

from django.utils import timezone
from wagtail.search.query import And, Or, PlainText

from nashir.arabic.aliases import Slot

from .aliases import alias_index

#: Longest query read, in characters; the rest is ignored (and the reader told).
MAX_QUERY_LENGTH = 200
#: How many of the best non-headline matches are read in full to find the query's words
#: standing together (tier 3); the others are ranked on headline, relevance and freshness.
RERANK_WINDOW = 200
#: The most results a query lists (a reader never pages that far; the engine stays fast).
MAX_RESULTS = 500
#: A query found in more articles than this is ranked among its newest this-many matches
#: (publishing order), so its cost stays flat as the archive grows (at 100,000 articles, 500
#: instead of 1,000 took 2-word searches from 16 to 10 ms at the median in ranked_ids(), and
#: the quality set scores the same). Readers reach older stories with the date filter, which
#: is applied first.
MAX_RANKED_MATCHES = 500
#: A story this many days old keeps half of its freshness bonus.
FRESHNESS_HALF_LIFE_DAYS = 30
#: How much of the score within a tier freshness can move: relevance always dominates.
FRESHNESS_WEIGHT = 0.35
#: A word in the headline counts as this many in the body (FTS5 bm25 column weight; the
#: same ratio between ts_rank's weights A and D on PostgreSQL). The lead counts LEAD_WEIGHT
#: on PostgreSQL, where it is a field of its own (weight B).
HEADLINE_WEIGHT = 4.0
LEAD_WEIGHT = 2.0
#: Words "stand together" when each follows the one before within this many index terms: a
#: word indexed under several readings (بغزة → بغز غز) takes one term per reading, and a
#: stopword between them (وزير في الحكومة) is not indexed at all.
TOGETHER = 3

HEADLINE_PHRASE, HEADLINE_ALL, PHRASE, HEADLINE_SOME, ELSEWHERE = 5, 4, 3, 2, 1


@dataclass
class SearchPlan:
    """What a query means to the engine: alternatives of AND-ed slots, and their terms."""

    text: str
    truncated: bool
    alternatives: list[list[Slot]] = field(default_factory=list)

    @property
    def terms(self) -> set[str]:
        """Every term any alternative can match: what snippets and headlines highlight."""
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


@dataclass
class Match:
    """One matching article as the engine returned it."""

    pk: int
    score: float  # the engine's relevance, used by magnitude (bm25 is negative)
    age_days: float | None
    headline: str | None = None  # the analysed headline, as indexed (None: not available)
    entry: int | None = None  # its row in the index, to read its body when needed
    tier: int = ELSEWHERE
    weight: float = 0.0


def ranked_ids(queryset, search_plan: SearchPlan, window: int = RERANK_WINDOW) -> list[int]:
    """Ids of matching articles in `queryset`, best first (see the module's docstring)."""
    if search_plan.is_empty:
        return []
    alternatives = search_plan.alternatives
    if uses_sqlite_fts():
        engine = SQLiteFTS
    elif uses_postgres():
        engine = PostgresFTS
    else:
        engine = None
    matches = (
        engine.matches(queryset, alternatives)
        if engine
        else _wagtail_matches(queryset, alternatives)
    )
    if not matches:
        return []
    top = max(abs(m.score) for m in matches)
    terms = search_plan.terms
    for match in matches:
        boost = 1 - FRESHNESS_WEIGHT + FRESHNESS_WEIGHT * freshness(match.age_days)
        # No score at all (every word common): alike in relevance, so freshness orders them.
        match.weight = (abs(match.score) / top if top else 1.0) * boost
        if match.headline and not terms.isdisjoint(match.headline.split()):
            match.tier = headline_tier(match.headline, alternatives)
    if engine and len(alternatives[0]) > 1:
        # Words standing together outside the headline: read the best candidates' text.
        below = sorted(
            (m for m in matches if m.tier < PHRASE), key=lambda m: m.weight, reverse=True
        )[:window]
        if below:
            texts = engine.texts([m.entry for m in below])
            for match in below:
                if any(_together(texts.get(match.entry, ""), alt) for alt in alternatives):
                    match.tier = PHRASE
    matches.sort(key=lambda m: (m.tier, m.weight), reverse=True)
    return [m.pk for m in matches[:MAX_RESULTS]]


def headline_tier(headline: str, alternatives: list[list[Slot]]) -> int:
    """How much of the query the analysed headline holds (the best of the alternatives).

    Words "together" only count for a query the reader typed in several words: the full name
    an alias brings in for one word (قسد → قوات سوريا الديمقراطية) is that one word.
    """
    words = set(headline.split())
    phrase = len(alternatives[0]) > 1
    best = ELSEWHERE
    for alternative in alternatives:
        found = [not words.isdisjoint(slot) for slot in alternative]
        if all(found):
            if phrase and _together(headline, alternative):
                return HEADLINE_PHRASE
            best = HEADLINE_ALL
        elif any(found) and best < HEADLINE_SOME:
            best = HEADLINE_SOME
    return best


_TOGETHER_PATTERNS: dict[tuple, re.Pattern] = {}


def _together(text: str, alternative: list[Slot]) -> bool:
    """True when `text` (analysed, space-separated) has the slots in order, each within
    TOGETHER terms of the one before."""
    if len(alternative) < 2 or not text:
        return False
    key = tuple(alternative)
    pattern = _TOGETHER_PATTERNS.get(key)
    if pattern is None:
        gap = f"(?: [^ ]+){{0,{TOGETHER - 1}}}"
        rest = "".join(
            f"{gap} (?:{'|'.join(re.escape(t) for t in slot)})" for slot in alternative[1:]
        )
        pattern = re.compile(rest + "(?= )")
        if len(_TOGETHER_PATTERNS) > 1000:
            _TOGETHER_PATTERNS.clear()
        _TOGETHER_PATTERNS[key] = pattern
    padded = f" {text} "
    for term in alternative[0]:
        needle = f" {term} "
        start = padded.find(needle)
        while start != -1:
            if pattern.match(padded, start + len(needle) - 1):
                return True
            start = padded.find(needle, start + 1)
    return False


def _age_days(published_at, now):
    if published_at is None:
        return None
    return (now - published_at).total_seconds() / 86400


def _wagtail_matches(queryset, alternatives):
    """Matches through Wagtail's backend (Elasticsearch, OpenSearch): relevance and freshness
    only, since the index's fields cannot be read back here."""
    results = (
        queryset.only("pk", "published_at")
        .search(wagtail_query(alternatives), order_by_relevance=True)
        .annotate_score("_score")
    )
    now = timezone.now()
    return [
        Match(a.pk, a._score or 0.0, _age_days(a.published_at, now)) for a in results[:MAX_RESULTS]
    ]


def uses_sqlite_fts() -> bool:
    """True for Wagtail's SQLite FTS5 backend (its module cannot even be imported elsewhere)."""
    from wagtail.search.backends import get_search_backend

    return any(cls.__name__ == "SQLiteSearchBackend" for cls in type(get_search_backend()).__mro__)


def uses_postgres() -> bool:
    """True for Wagtail's PostgreSQL database backend."""
    from wagtail.search.backends import get_search_backend

    return any(
        cls.__name__ == "PostgresSearchBackend" for cls in type(get_search_backend()).__mro__
    )


def fts5_match(alternatives: list[list[Slot]]) -> str:
    """The FTS5 MATCH expression over the headline and body columns (terms are letters/digits)."""

    def any_of(parts):
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    expression = any_of(
        [
            "(" + " AND ".join(any_of([f'"{term}"' for term in slot]) for slot in alt) + ")"
            for alt in alternatives
        ]
    )
    return "{title body} : " + expression


#: A slot matched by at least this many articles is "common": it still has to match, but
#: bm25 does not score it. To weigh a word, FTS5 reads the word's whole posting list on every
#: search (at 100,000 articles 10–17 ms for a word in a tenth of them, most of a 4-word
#: search), so relevance comes from the query's rarer words and stays as cheap as the archive
#: grows; a word that common weighs little anyway (bm25's IDF: ln 10 for a word in a tenth
#: of the archive, ln 100,000 for one in a single story; none past half). When every word of
#: a query is common, its matches are ordered by where the words are and by freshness.
COMMON_SAMPLE = 1000


def _allowed(queryset):
    """The reader's filters (published, section, author, dates) as SQL: (sql, params)."""
    from django.db.models import F

    return (
        queryset.order_by()
        .annotate(_pk=F("pk"), _at=F("published_at"))
        .values("_pk", "_at")
        .query.sql_with_params()
    )


class SQLiteFTS:
    """The FTS5 table Wagtail's SQLite backend maintains, read directly.

    Wagtail's SQLite query compiler scores every match with a correlated subquery, seconds per
    search at 10,000 articles. Here FTS5 walks its index backwards (newest first, in C), keeps
    the matches the reader's filters allow (the filtered queryset joined by primary key) and
    stops at MAX_RANKED_MATCHES, so a word found in half the archive costs what a word found
    in 1,000 articles costs, and a date range still reaches the oldest stories. Those matches
    are scored by bm25 over the query's words that are not common (see COMMON_SAMPLE): nearly
    the order bm25 over every word would give, without reading the common words' whole
    posting lists.
    """

    @staticmethod
    def tables():
        from django.db import connection
        from wagtail.search.models import IndexEntry, SQLiteFTSIndexEntry

        quote = connection.ops.quote_name
        return quote(SQLiteFTSIndexEntry._meta.db_table), quote(IndexEntry._meta.db_table)

    @classmethod
    def matches(cls, queryset, alternatives):
        from django.contrib.contenttypes.models import ContentType
        from django.db import connection

        fts, entries = cls.tables()
        content_type = ContentType.objects.get_for_model(queryset.model).pk
        allowed, params = _allowed(queryset)
        # Columns: autocomplete (Wagtail's raw title, for the admin), body (lead and body),
        # title (the analysed headline).
        bm25 = f"bm25({fts}, 0.0, 1.0, {HEADLINE_WEIGHT})"

        def newest_matches(score):
            return (
                f"SELECT f._pk AS pk, {score} AS score,"
                f" julianday('now') - julianday(f._at) AS age, {fts}.rowid AS entry,"
                f" e.title AS headline"
                f" FROM {fts} JOIN {entries} e ON e.id = {fts}.rowid"
                f" JOIN ({allowed}) f ON f._pk = CAST(e.object_id AS INTEGER)"
                f" WHERE {fts} MATCH %s AND e.content_type_id = %s"
                f" ORDER BY {fts}.rowid DESC LIMIT %s"
            )

        match = [*params, fts5_match(alternatives), content_type, MAX_RANKED_MATCHES]
        with connection.cursor() as cursor:
            rare = cls._rare_alternatives(cursor, fts, alternatives)
            cursor.execute(newest_matches(bm25 if rare == alternatives else "0"), match)
            rows = cursor.fetchall()
            if rare == alternatives:
                return [
                    Match(pk, score, age, headline, entry)
                    for pk, score, age, entry, headline in rows
                ]
            scores = {}
            if rows and rare:
                cursor.execute(
                    f"SELECT rowid, {bm25} FROM {fts} WHERE {fts} MATCH %s AND rowid >= %s",
                    [fts5_match(rare), min(row[3] for row in rows)],
                )
                scores = dict(cursor.fetchall())
        return [
            Match(pk, scores.get(entry, 0.0), age, headline, entry)
            for pk, _, age, entry, headline in rows
        ]

    @staticmethod
    def _rare_alternatives(cursor, fts, alternatives):
        """The alternatives without their common slots (those left empty dropped): what bm25
        scores. One statement: each slot's COMMON_SAMPLE-th newest match (none when it has
        fewer)."""
        slots = list(dict.fromkeys(slot for alternative in alternatives for slot in alternative))
        nth = (
            f"(SELECT rowid FROM {fts} WHERE {fts} MATCH %s"
            f" ORDER BY rowid DESC LIMIT 1 OFFSET {COMMON_SAMPLE - 1})"
        )
        cursor.execute(
            "SELECT " + ", ".join([nth] * len(slots)),  # noqa: S608
            [fts5_match([[slot]]) for slot in slots],
        )
        sampled = cursor.fetchone()
        common = {slot for slot, nth in zip(slots, sampled, strict=True) if nth is not None}
        if not common:
            return alternatives
        rare = [
            [slot for slot in alternative if slot not in common] for alternative in alternatives
        ]
        return [alternative for alternative in rare if alternative]

    @classmethod
    def texts(cls, entries):
        """{index row: its analysed lead and body}."""
        from django.db import connection

        _, table = cls.tables()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, body FROM {table} WHERE id IN ({', '.join(['%s'] * len(entries))})",  # noqa: S608
                entries,
            )
            return dict(cursor.fetchall())


def tsquery(alternatives: list[list[Slot]]) -> str:
    """The to_tsquery() text for the alternatives: every term quoted (letters/digits only)."""

    def any_of(parts):
        return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"

    return any_of(
        [
            "(" + " & ".join(any_of([f"'{term}'" for term in slot]) for slot in alt) + ")"
            for alt in alternatives
        ]
    )


class PostgresFTS:
    """Wagtail's PostgreSQL index table, read directly as SQLiteFTS reads FTS5.

    Wagtail's own query would rank every match by ts_rank; here the newest MAX_RANKED_MATCHES
    matches the reader's filters allow are ranked, as on SQLite, by ts_rank over the headline
    and body vectors with nashir's weights (headline A, lead B, body D).
    """

    @staticmethod
    def table():
        from django.db import connection
        from wagtail.search.models import IndexEntry

        return connection.ops.quote_name(IndexEntry._meta.db_table)

    @classmethod
    def matches(cls, queryset, alternatives):
        from django.contrib.contenttypes.models import ContentType
        from django.db import connection

        table = cls.table()
        content_type = ContentType.objects.get_for_model(queryset.model).pk
        allowed, params = _allowed(queryset)
        every_term = tsquery([[tuple(sorted({t for alt in alternatives for s in alt for t in s}))]])
        # ts_rank's weights are {D, C, B, A} (body, unused, lead, headline), each at most 1.
        body = 1 / HEADLINE_WEIGHT
        weights = f"'{{{body}, {body}, {LEAD_WEIGHT * body}, 1}}'::float4[]"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT m.pk, ts_rank({weights}, e.title || e.body, to_tsquery('simple', %s), 1),"
                " m.age, e.title_text, e.id"
                f" FROM (SELECT f._pk AS pk, e.id AS entry,"
                "   EXTRACT(EPOCH FROM (now() - f._at)) / 86400 AS age"
                f"   FROM {table} e JOIN ({allowed}) f ON f._pk = e.object_id::integer"
                "   WHERE e.content_type_id = %s"
                "   AND (e.title @@ to_tsquery('simple', %s) OR e.body @@ to_tsquery('simple', %s))"
                "   AND (e.title || e.body) @@ to_tsquery('simple', %s)"
                "   ORDER BY f._at DESC NULLS LAST, e.id DESC LIMIT %s) m"
                f" JOIN {table} e ON e.id = m.entry",
                [
                    tsquery(alternatives),
                    *params,
                    content_type,
                    every_term,
                    every_term,
                    tsquery(alternatives),
                    MAX_RANKED_MATCHES,
                ],
            )
            return [
                Match(pk, score, float(age) if age is not None else None, headline, entry)
                for pk, score, age, headline, entry in cursor.fetchall()
            ]

    @classmethod
    def texts(cls, entries):
        """{index row: its analysed lead and body}."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, body_text FROM {cls.table()} WHERE id = ANY(%s)",  # noqa: S608
                [list(entries)],
            )
            return dict(cursor.fetchall())
