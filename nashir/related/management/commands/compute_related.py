"""(Re)build related-article lists: after installing or upgrading nashir, or after an import."""

import time

from django.core.management.base import BaseCommand, CommandError

from nashir.news.models import ArticlePage

from ... import bulk, engine
from ...models import ArticleTerm


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
        # Every article's terms (so the statistics are complete), then every list from a few
        # whole-table reads: the same lists as article_lists() below gives one at a time.
        def progress(done, total):
            if verbosity > 1:
                self.stdout.write(f"lists: {done}/{total}")

        return bulk.rebuild(progress=progress)


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
