"""`make bench-related`: the cost of one article's related list at 10,000 and 100,000 articles.

For each size, a throw-away SQLite database (as bench/search_bench.py) is filled with
synthetic Arabic articles, every article's term vector is built (`compute_related --all`'s
first pass, timed), then the publish-time work is timed on a sample of articles:

- list: candidate retrieval, scoring and storing the list (engine.rank + engine.store);
- publish: all of it as the background task does it (re-index the article's terms, its list,
  offering it to its neighbours' lists, page-cache purges).

The medians must stay flat as the archive grows tenfold: the work is bounded.

Then the whole rebuild of every list (`compute_related --all`'s second pass), both ways:

- per article: engine.rank + engine.store for each article in turn, as the command did
  until the bulk rebuild — timed on the sample and multiplied out (or timed whole, for
  sizes up to --full-before);
- bulk: nashir.related.bulk.rebuild_lists, timed whole (wall and CPU: SQLite runs in this
  process, so its CPU is all of it), with the in-memory index's peak size (tracemalloc,
  in a separate reading, as tracing slows the timed one).

    python bench/related_bench.py --sizes 10000,100000 [--sample 50] [--full-before 2000]
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))


def setup_django(var_dir):
    """A fresh SQLite database in var_dir, test settings (tasks run at once, local cache)."""
    os.environ["NASHIR_VAR_DIR"] = var_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "nashir.settings.test"
    sys.path.insert(0, str(ROOT.parent))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def measure(size, sample, full_before=0):
    from synthetic import Writer, create_articles

    with tempfile.TemporaryDirectory(prefix="nashir-related-bench-") as var_dir:
        setup_django(var_dir)
        from django.db import connection, reset_queries

        from nashir.news.models import ArticlePage
        from nashir.related import bulk, engine
        from nashir.related.management.commands.compute_related import (
            article_lists,
            build_terms,
        )

        started = time.perf_counter()
        made = create_articles(size, Writer(seed=1))
        created = time.perf_counter() - started
        started, cpu = time.perf_counter(), time.process_time()
        build_terms(ArticlePage.objects.live())
        built, built_cpu = time.perf_counter() - started, time.process_time() - cpu

        ids = list(ArticlePage.objects.values_list("pk", flat=True))
        chosen = random.Random(3).sample(ids, sample)
        list_ms, publish_ms, queries = [], [], []
        for pk in chosen:
            article = ArticlePage.objects.get(pk=pk)
            vector = list(
                engine.ArticleTerm.objects.filter(article_id=pk)
                .order_by(*engine.VECTOR_ORDER)
                .values_list("term", "weight")
            )
            t0 = time.perf_counter()
            engine.store(pk, engine.rank(engine.subject_of(article, vector)))
            list_ms.append((time.perf_counter() - t0) * 1000)
        rebuild_one_ms = []
        for pk in chosen:
            t0 = time.perf_counter()
            article_lists(pk)
            rebuild_one_ms.append((time.perf_counter() - t0) * 1000)
        if made <= full_before:
            t0, c0 = time.perf_counter(), time.process_time()
            for pk in ids:
                article_lists(pk)
            before_s, before_cpu = time.perf_counter() - t0, time.process_time() - c0
        else:
            before_s = before_cpu = None
        t0, c0 = time.perf_counter(), time.process_time()
        bulk.rebuild_lists()
        bulk_s, bulk_cpu = time.perf_counter() - t0, time.process_time() - c0
        tracemalloc.start()
        archive = bulk.Archive().read()
        index_mb = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        del archive
        for pk in chosen:
            connection.force_debug_cursor = True
            reset_queries()
            t0 = time.perf_counter()
            engine.refresh(pk)
            publish_ms.append((time.perf_counter() - t0) * 1000)
            queries.append(len(connection.queries))
            connection.force_debug_cursor = False
        return {
            "articles": made,
            "insert_s": created,
            "terms_s": built,
            "terms_cpu": built_cpu,
            "list_ms": statistics.median(list_ms),
            "publish_ms": statistics.median(publish_ms),
            "queries": statistics.median(queries),
            "rebuild_one_ms": statistics.median(rebuild_one_ms),
            "before_s": before_s,
            "before_cpu": before_cpu,
            "bulk_s": bulk_s,
            "bulk_cpu": bulk_cpu,
            "index_mb": index_mb,
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument(
        "--full-before",
        type=int,
        default=2000,
        help="time the whole per-article rebuild up to this size (else: sample × size)",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.one:
        print(repr(measure(args.one, args.sample, args.full_before)))
        return
    results = []
    for size in [int(s) for s in args.sizes.split(",")]:
        # One process per size: Django is set up once per process, on its own database.
        out = subprocess.run(
            [
                sys.executable,
                "-W",
                "ignore",
                __file__,
                "--one",
                str(size),
                "--sample",
                str(args.sample),
                "--full-before",
                str(args.full_before),
            ],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ},
        ).stdout
        result = eval(out.strip().splitlines()[-1])  # noqa: S307 - our own child's repr
        results.append(result)
        print(
            f"articles: {result['articles']:>7,}  insert {result['insert_s']:6.1f} s  "
            f"term vectors for all: {result['terms_s']:6.1f} s ({result['terms_cpu']:.1f} s CPU)  "
            f"one list: median {result['list_ms']:6.1f} ms  "
            f"whole publish task: median {result['publish_ms']:6.1f} ms "
            f"({result['queries']:.0f} queries)",
            flush=True,
        )
        n = result["articles"]
        if result["before_s"] is not None:
            before = (
                f"{result['before_s']:7.1f} s wall, {result['before_cpu']:7.1f} s CPU (timed whole)"
            )
            ratio = result["before_cpu"] / result["bulk_cpu"]
        else:
            estimate = result["rebuild_one_ms"] * n / 1000
            before = f"{estimate:7.1f} s (median {result['rebuild_one_ms']:.1f} ms × {n:,})"
            ratio = estimate / result["bulk_s"]
        print(
            f"    every list, per article: {before}\n"
            f"    every list, bulk:        {result['bulk_s']:7.1f} s wall, "
            f"{result['bulk_cpu']:7.1f} s CPU ({result['bulk_cpu'] * 1000 / n:.2f} CPU-ms/article; "
            f"×{ratio:.0f} less), index peak {result['index_mb']:.0f} MB",
            flush=True,
        )
    if len(results) > 1:
        first, last = results[0], results[-1]
        print(
            f"archive ×{last['articles'] / first['articles']:.0f}: one list ×"
            f"{last['list_ms'] / first['list_ms']:.2f}, whole publish task ×"
            f"{last['publish_ms'] / first['publish_ms']:.2f}"
        )


if __name__ == "__main__":
    main()
