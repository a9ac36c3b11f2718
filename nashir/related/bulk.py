"""Every live article's terms and list at once: `compute_related --all` and a large import's end.

The per-article engine (engine.rank + engine.store) asks the database a few dozen small
questions per article: its vector, each strong term's postings, each tag's and the section's
recent articles, the shared tags and the candidates' rows, the pins, then a delete and an
insert. For a whole archive the same answers are read here once, in a few whole-table queries
streamed in the order the engine's queries use, into an in-memory inverted index:

- every live article's section and date (candidates, and each section's SECTION_POOL newest);
- every tag's rows, newest first (each tag's TAG_POOL newest, and each article's tags);
- every article's QUERY_TERMS strongest terms (its query vector);
- every query term's POSTINGS_PER_TERM strongest postings (the inverted index, cut as the
  engine's LIMIT cuts it);
- every editor's pin.

Each article is then ranked in Python by the engine's own functions (`text_pool`, `score`,
`list_rows`), adding the same floats in the same order, so the lists are the engine's lists,
ties included; they are written BATCH articles at a time (one DELETE and one multi-row INSERT
per batch, in a transaction, so no reader sees an article without its list).

Memory: the index holds, per live article, its date and section (~150 bytes), its tags and
QUERY_TERMS (term, weight) pairs in flat arrays (~250 bytes); per query term at most
POSTINGS_PER_TERM postings in flat arrays (16 bytes each). See docs/wordpress.md for the
figure measured at 100,000 articles.
"""

from array import array
from collections import Counter, defaultdict

from django.db import connection, transaction
from django.utils import timezone

from nashir.news.models import ArticlePage, ArticleTag
from nashir.pagecache import Key, purge

from . import engine
from .models import (
    DOCUMENTS,
    ArticleTerm,
    IndexedArticle,
    PinnedRelatedArticle,
    RelatedArticle,
    TermFrequency,
    decode_counts,
)
from .terms import term_counts, weigh

#: Articles whose lists are written per transaction.
BATCH = 1000
#: Rows fetched from the database at a time while streaming the whole-table reads.
_FETCH = 5000


class Archive:
    """What the engine's queries would read, for every article at once."""

    def __init__(self):
        self.live = {}  # pk → (section_id, published_at)
        self.by_section = {}  # section_id → its SECTION_POOL newest live articles
        self.tags_of = defaultdict(list)  # live pk → its tag ids, one per ArticleTag row
        self.recent_by_tag = defaultdict(list)  # tag id → its TAG_POOL newest tagged articles
        self.pins = defaultdict(list)  # article → pinned ids, in the editor's order
        self.vector_at = {}  # article → (start, end) in vector_terms / vector_weights
        self.vector_terms = array("l")
        self.vector_weights = array("d")
        self.term_ids = {}  # term → its small integer (strings held once)
        self.postings = {}  # term id → (article ids, weights), strongest first

    def read(self):
        self.read_articles()
        self.read_tags()
        self.read_pins()
        self.read_vectors()
        self.read_postings()
        return self

    def read_articles(self):
        rows = ArticlePage.objects.live().values_list("pk", "section_id", "published_at")
        by_section = defaultdict(list)
        for pk, section_id, published_at in rows.iterator(chunk_size=_FETCH):
            self.live[pk] = (section_id, published_at)
            if section_id:
                by_section[section_id].append((pk, published_at))
        for section_id, items in by_section.items():
            # engine.SECTION_ORDER: newest first, undated last, ties by the higher id
            # (stable sorts, comparing the datetimes themselves).
            items.sort(key=lambda item: -item[0])
            dated = sorted((i for i in items if i[1]), key=lambda i: i[1], reverse=True)
            ordered = dated + [i for i in items if not i[1]]
            self.by_section[section_id] = [pk for pk, _ in ordered[: engine.SECTION_POOL]]

    def read_tags(self):
        rows = ArticleTag.objects.order_by("-pk").values_list("tag_id", "content_object_id")
        for tag_id, article_id in rows.iterator(chunk_size=_FETCH):
            recent = self.recent_by_tag[tag_id]
            if len(recent) < engine.TAG_POOL:
                recent.append(article_id)
            if article_id in self.live:
                self.tags_of[article_id].append(tag_id)

    def read_pins(self):
        rows = PinnedRelatedArticle.objects.order_by("article_id", "sort_order", "pk")
        for article_id, related_id in rows.values_list("article_id", "related_id"):
            self.pins[article_id].append(related_id)

    def term_id(self, term):
        return self.term_ids.setdefault(term, len(self.term_ids))

    def read_vectors(self):
        """Each article's QUERY_TERMS strongest terms, as the engine reads them back."""
        rows = ArticleTerm.objects.order_by("article_id", *engine.VECTOR_ORDER).values_list(
            "article_id", "term", "weight"
        )
        current, kept, start = None, 0, 0
        for article_id, term, weight in rows.iterator(chunk_size=_FETCH):
            if article_id != current:
                if current is not None:
                    self.vector_at[current] = (start, len(self.vector_terms))
                current, kept, start = article_id, 0, len(self.vector_terms)
            if kept < engine.QUERY_TERMS:
                self.vector_terms.append(self.term_id(term))
                self.vector_weights.append(weight)
                kept += 1
        if current is not None:
            self.vector_at[current] = (start, len(self.vector_terms))

    def read_postings(self):
        """The query terms' strongest postings: one scan of the (term, weight, article) index
        backwards, keeping the first POSTINGS_PER_TERM of each term (the engine's LIMIT)."""
        rows = ArticleTerm.objects.order_by("-term", *engine.POSTING_ORDER).values_list(
            "term", "article_id", "weight"
        )
        wanted = self.term_ids
        current, ids, weights = None, None, None
        for term, article_id, weight in rows.iterator(chunk_size=_FETCH):
            if term != current:
                current = term
                key = wanted.get(term)
                if key is None:
                    ids = None
                else:
                    ids, weights = array("q"), array("d")
                    self.postings[key] = (ids, weights)
            if ids is not None and len(ids) < engine.POSTINGS_PER_TERM:
                ids.append(article_id)
                weights.append(weight)

    def vector(self, pk):
        start, end = self.vector_at.get(pk, (0, 0))
        return list(zip(self.vector_terms[start:end], self.vector_weights[start:end], strict=True))

    def rank(self, pk):
        """engine.rank for one live article, from memory."""
        section_id, published_at = self.live[pk]
        vector = self.vector(pk)
        subject = engine.Subject(
            pk, vector, set(self.tags_of.get(pk, ())), section_id, published_at
        )
        # engine.text_scores from the in-memory postings (its hottest loop: a plain dict's
        # get() is quicker than a defaultdict's +=; the same floats added in the same order).
        text = {}
        get, postings = text.get, self.postings
        for term, weight in vector:
            ids, weights = postings.get(term, ((), ()))
            for article_id, other in zip(ids, weights, strict=True):
                text[article_id] = get(article_id, 0.0) + weight * other
        text.pop(pk, None)
        pool = engine.text_pool(text)
        for tag_id in sorted(subject.tag_ids)[: engine.MAX_TAGS]:
            pool.update(self.recent_by_tag.get(tag_id, ()))
        if section_id:
            pool.update(self.by_section.get(section_id, ()))
        pool.discard(pk)
        if not pool:
            return []
        shared = defaultdict(int)
        live = self.live
        candidates = [(c, *live[c]) for c in pool if c in live]
        if subject.tag_ids:
            for c, _, _ in candidates:
                shared[c] = sum(1 for t in self.tags_of.get(c, ()) if t in subject.tag_ids)
        return engine.score(subject, text, shared, candidates)


def rebuild(progress=None):
    """`compute_related --all`: every live article's terms, the term statistics, then every
    list; returns how many articles have a list. `progress(done, total)` as rebuild_lists'."""
    ids = list(ArticlePage.objects.live().order_by("pk").values_list("pk", flat=True))
    rebuild_terms(ids)
    total = rebuild_lists(progress=progress)
    purge(Key.SITE)
    return total


def rebuild_terms(ids, batch=BATCH):
    """Analyse these articles (their term counts), count the document frequencies, then weigh
    each article's vector; rows of articles not among them (no longer live) are removed.

    In steps of `batch` articles, each written in a short transaction of its own: a rebuild
    of 100,000 articles never holds SQLite's single write lock for long, so the site's
    publishing (and an import's search indexing, which runs beside it) goes on meanwhile.
    While it runs an article's vector may still be its old one, never missing; the document
    frequencies change at once, in one transaction.
    """
    df, analysed = Counter(), []
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    for start in range(0, len(ids), batch):
        rows = []
        for article in ArticlePage.objects.live().filter(pk__in=ids[start : start + batch]):
            counts = term_counts(article)
            df.update(counts.keys())
            rows.append((article.pk, IndexedArticle.encode(counts), now))
        with transaction.atomic():
            _delete(IndexedArticle, [pk for pk, _, _ in rows])
            insert_rows(IndexedArticle, ["article_id", "term_counts", "indexed_at"], rows)
        analysed += [pk for pk, _, _ in rows]
    with transaction.atomic():
        TermFrequency.objects.all()._raw_delete(TermFrequency.objects.db)
        insert_rows(TermFrequency, ["term", "df"], [*df.items(), (DOCUMENTS, len(analysed))])
    for start in range(0, len(analysed), batch):
        chunk = analysed[start : start + batch]
        stored = IndexedArticle.objects.filter(article_id__in=chunk)
        rows = [
            (article_id, term, weight)
            for article_id, text in stored.values_list("article_id", "term_counts")
            for term, weight in weigh(decode_counts(text), df, len(analysed))
        ]
        with transaction.atomic():
            _delete(ArticleTerm, chunk)
            insert_rows(ArticleTerm, ["article_id", "term", "weight"], rows)
    kept = set(analysed)
    for model in (IndexedArticle, ArticleTerm):
        ids = model.objects.values_list("article_id", flat=True).distinct()
        stale = sorted(set(ids) - kept)
        for start in range(0, len(stale), batch):
            _delete(model, stale[start : start + batch])
    return len(analysed)


def _delete(model, article_ids):
    """A plain DELETE of these articles' rows (the ORM's delete() would load them first)."""
    doomed = model.objects.filter(article_id__in=article_ids)
    doomed._raw_delete(doomed.db)


def rebuild_lists(batch=BATCH, progress=None):
    """Recompute and store every live article's list; returns how many articles.

    `progress(done, total)` is called after each written batch.
    """
    archive = Archive().read()
    ids = sorted(archive.live)
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        rows = []
        for pk in chunk:
            for row in engine.list_rows(pk, archive.pins.get(pk, []), archive.rank(pk)):
                rows.append(tuple(row[c] for c in _COLUMNS))
        with transaction.atomic():
            # A plain DELETE: the ORM's delete() would load the rows first (a site-wide
            # pre_delete receiver), and RelatedArticle has nothing to cascade.
            _delete(RelatedArticle, chunk)
            insert_rows(RelatedArticle, _COLUMNS, rows)
        if progress:
            progress(min(start + batch, len(ids)), len(ids))
    return len(ids)


_COLUMNS = ["article_id", "related_id", "score", "rank", "pinned"]


def insert_rows(model, columns, rows, batch=5000):
    """Rows straight into `model`'s table: the ORM's bulk_create costs more than the database
    here. PostgreSQL takes them with COPY — measured on 80,000 term rows: 0.35 s, against 9.2 s
    as single-row INSERTs sent in a pipeline and 4.3 s as multi-row INSERTs, which psycopg
    quotes value by value; SQLite with one prepared INSERT run for every row."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(map(quote, columns))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        for start in range(0, len(rows), batch):
            cursor.executemany(sql, rows[start : start + batch])
