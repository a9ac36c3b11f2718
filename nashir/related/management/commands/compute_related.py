"""(Re)build related-article lists: after installing or upgrading nashir, or after an import."""

import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from nashir.news.models import ArticlePage
from nashir.pagecache import Key, purge

from ... import bulk, engine
from ...models import (
    DOCUMENTS,
    ArticleTerm,
    IndexedArticle,
    TermFrequency,
    decode_counts,
)
from ...terms import term_counts, weigh


class Command(BaseCommand):
    help = (
        "Compute the related-article lists. --all rebuilds the term statistics and every list "
        "from scratch; with article IDs, recomputes just those."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="article IDs to recompute")
        parser.add_argument("--all", action="store_true", help="rebuild everything")

    def handle(self, *args, ids, all, verbosity, **options):
        if not ids and not all:
            raise CommandError("Give article IDs, or --all to rebuild every list.")
        started = time.perf_counter()
        if all:
            count = self.rebuild(verbosity)
        else:
            for article_id in ids:
                engine.refresh(article_id)
            count = len(ids)
        if verbosity:
            self.stdout.write(f"{count} articles in {time.perf_counter() - started:.1f} s")

    def rebuild(self, verbosity):
        articles = ArticlePage.objects.live().order_by("published_at", "pk")
        # First every article's terms (so the statistics are complete), then every list.
        with transaction.atomic():
            ArticleTerm.objects.all().delete()
            IndexedArticle.objects.all().delete()
            TermFrequency.objects.all().delete()
            build_terms(articles, verbosity, self.stdout)

        # Then every list, from a few whole-table reads (nashir.related.bulk): the same lists
        # as article_lists() below gives one article at a time.
        def progress(done, total):
            if verbosity > 1:
                self.stdout.write(f"lists: {done}/{total}")

        total = bulk.rebuild_lists(progress=progress)
        purge(Key.SITE)
        return total


def build_terms(articles, verbosity=0, out=None, batch=1000):
    """Index every article in two passes: analyse each once (document frequencies counted in
    memory, term counts kept in IndexedArticle), then weigh the stored counts."""
    df = Counter()
    total = 0
    rows = []
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    for article in articles.iterator(chunk_size=batch):
        counts = term_counts(article)
        df.update(counts.keys())
        rows.append((article.pk, IndexedArticle.encode(counts), now))
        total += 1
        if len(rows) >= batch:
            _insert(IndexedArticle, ["article_id", "term_counts", "indexed_at"], rows)
            rows = []
    _insert(IndexedArticle, ["article_id", "term_counts", "indexed_at"], rows)
    _insert(TermFrequency, ["term", "df"], [*df.items(), (DOCUMENTS, total)])
    rows = []
    for article_id, text in IndexedArticle.objects.values_list(
        "article_id", "term_counts"
    ).iterator(chunk_size=batch):
        rows += [(article_id, t, w) for t, w in weigh(decode_counts(text), df, total)]
        if len(rows) >= 20_000:
            _insert(ArticleTerm, ["article_id", "term", "weight"], rows)
            rows = []
    _insert(ArticleTerm, ["article_id", "term", "weight"], rows)
    if verbosity and out is not None:
        out.write(f"terms: {total} articles, {len(df)} distinct terms")
    return total


_insert = bulk.insert_rows


def article_lists(article_id):
    """One article's list from the stored terms (no re-indexing), without spreading: what
    the bulk rebuild must equal (nashir.related.tests.test_bulk)."""
    article = ArticlePage.objects.filter(pk=article_id).first()
    vector = list(
        ArticleTerm.objects.filter(article_id=article_id)
        .order_by(*engine.VECTOR_ORDER)
        .values_list("term", "weight")
    )
    ranked = engine.rank(engine.subject_of(article, vector))
    engine.store(article_id, ranked)
    return ranked
