"""`make bench-search`: index build time and search latency at N synthetic Arabic articles.

Builds a throw-away SQLite database (NASHIR_VAR_DIR points at a temp dir), fills it with
N articles of Zipf-distributed Arabic vocabulary (inserted in bulk: publishing 100,000
pages one by one would take hours and measure the wrong thing), runs `update_index`, then
times 1-, 2- and 4-word queries through the /search/ view with Django's test client.
One-word queries are words drawn as the articles' words were (common words match tens of
thousands of articles); longer queries are runs of words from random articles' headlines,
so every one of them has results, as a reader's phrase usually does.

    python bench/search_bench.py --articles 10000 [--queries 200]
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import FUNCTION, Writer, create_articles  # noqa: E402


def setup_django(var_dir):
    os.environ["NASHIR_VAR_DIR"] = var_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "nashir.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200, help="per query length")
    parser.add_argument("--keep", metavar="DIR", help="build in DIR and keep it; reuse if built")
    args = parser.parse_args()

    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
        run(args, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="nashir-search-bench-") as var_dir:
            run(args, var_dir)


def run(args, var_dir):
    database = Path(var_dir) / "nashir.sqlite3"
    reuse = database.exists()
    setup_django(var_dir)
    from django.core.management import call_command
    from django.test import Client

    if reuse:
        from nashir.news.models import ArticlePage

        print(f"articles: {ArticlePage.objects.count():,} (reused {database})")
    else:
        writer = Writer(seed=1)
        started = time.perf_counter()
        made = create_articles(args.articles, writer)
        created = time.perf_counter() - started
        started = time.perf_counter()
        call_command("update_index", verbosity=0)
        indexed = time.perf_counter() - started
        started = time.perf_counter()
        call_command("optimize_database", verbosity=0)  # as an import does after indexing
        optimized = time.perf_counter() - started
        size = database.stat().st_size / 1e6
        print(
            f"articles: {made:,}  insert: {created:.1f} s  update_index: {indexed:.1f} s "
            f"({indexed / made * 10_000:.1f} s per 10k)  optimize_database: {optimized:.1f} s  "
            f"database: {size:.0f} MB"
        )

    client = Client()
    client.get("/search/", {"q": "غزة"})  # warm caches (alias index, templates)
    for length in (1, 2, 4):
        timings, hits = [], 0
        for q in queries(length, args.queries):
            t0 = time.perf_counter()
            response = client.get("/search/", {"q": q})
            timings.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (q, response.status_code)
            hits += b'class="search-count"' in response.content
        print(
            f"{length}-word queries: p50 {percentile(timings, 50):6.1f} ms  "
            f"p95 {percentile(timings, 95):6.1f} ms  max {max(timings):6.1f} ms  "
            f"({hits}/{args.queries} with results)"
        )


def queries(length, count):
    """`count` queries of `length` words: Zipf-drawn words, or runs from real headlines."""
    import random

    from nashir.news.models import ArticlePage

    if length == 1:
        words = Writer(seed=2)
        return [words.pick(1)[0] for _ in range(count)]
    rng = random.Random(length)
    ids = list(ArticlePage.objects.values_list("pk", flat=True))
    out = []
    while len(out) < count:
        title = ArticlePage.objects.get(pk=rng.choice(ids)).title
        words = [w for w in title.split() if w not in FUNCTION]
        if len(words) >= length:
            start = rng.randrange(len(words) - length + 1)
            out.append(" ".join(words[start : start + length]))
    return out


if __name__ == "__main__":
    main()
