"""`make bench-search-quality`: does search find the story a reader means, in a 2,000-story archive?

Builds the generated archive of nashir/search/tests/archive.py (2,000 Arabic stories, 210
labelled queries of seven kinds) in a throw-away database, runs every query through the search
page's own code (its filters, then nashir.search.query), and prints per kind of query:

- success@1: the story the reader means is the first result;
- success@10: it is on the first page;
- MRR: the mean of 1/its rank (0 when it is not listed at all).

Beside each figure it prints the figure measured before the ranking of issue #16, from
bench/search_quality_before.json (measured at that commit with this same archive).

    python bench/search_quality.py                     # SQLite, and PostgreSQL if DATABASE_URL is one
    python bench/search_quality.py --engine sqlite     # one engine
    python bench/search_quality.py --misses            # also list the queries that missed
    python bench/search_quality.py --save FILE         # write the figures as JSON

On PostgreSQL it creates (and drops) the database `<DATABASE_URL's name>_quality`.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BEFORE = ROOT / "bench" / "search_quality_before.json"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--misses", action="store_true", help="list the queries that missed")
    parser.add_argument("--save", metavar="FILE", help="write the figures as JSON")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    engine = args.engine or ("both" if postgres else "sqlite")
    if engine == "postgres" and not postgres:
        sys.exit("--engine postgres needs DATABASE_URL=postgres://…")
    if args.json:
        print(json.dumps(measure(engine, args.articles, args.misses)))
        return
    engines = ["sqlite", "postgres"] if engine == "both" else [engine]
    figures = {}
    for name in engines:
        command = [sys.executable, "-W", "ignore", __file__, "--engine", name, "--json"]
        command += ["--articles", str(args.articles)] + (["--misses"] if args.misses else [])
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode:
            sys.stderr.write(done.stderr)
            sys.exit(f"the {name} run failed")
        figures[name] = json.loads(done.stdout.strip().splitlines()[-1])
    before = json.loads(BEFORE.read_text()) if BEFORE.exists() else {}
    for name in engines:
        report(name, figures[name], before.get(name, {}))
    if args.save:
        Path(args.save).write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n")


def setup(engine):
    """Django on a throw-away database of `engine`, migrated."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "nashir.settings.test"
    if engine == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        os.environ["NASHIR_VAR_DIR"] = tempfile.mkdtemp(prefix="nashir-search-quality-")
    import django
    from django.conf import settings

    django.setup()
    from django.db import connection

    if engine == "postgres":
        settings.DATABASES["default"].setdefault("TEST", {})
        settings.DATABASES["default"]["TEST"]["NAME"] = (
            settings.DATABASES["default"]["NAME"] + "_quality"
        )
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        return lambda: connection.creation.destroy_test_db(
            settings.DATABASES["default"]["NAME"], verbosity=0
        )
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return lambda: None


def measure(engine, articles, misses=False):
    teardown = setup(engine)
    try:
        return run(articles, misses)
    finally:
        teardown()


def run(articles, misses):
    from datetime import timedelta

    from django.utils import timezone

    from nashir.search.query import plan, ranked_ids
    from nashir.search.tests import archive
    from nashir.search.views import _filtered

    started = time.perf_counter()
    stories, queries = archive.build(articles)
    ids = archive.load(stories)
    loaded = time.perf_counter() - started
    now = timezone.now()
    headline = {ids[s.key]: s.headline for s in stories}
    per_kind, missed, timings = {}, [], []
    for query in queries:
        filters = {}
        if query.from_days_ago is not None:
            filters["date_from"] = timezone.localdate(now - timedelta(days=query.from_days_ago))
            filters["date_to"] = timezone.localdate(now - timedelta(days=query.to_days_ago))
        t0 = time.perf_counter()
        found = ranked_ids(_filtered(filters), plan(query.text))
        timings.append(time.perf_counter() - t0)
        target = ids[query.story]
        rank = found.index(target) + 1 if target in found else None
        per_kind.setdefault(query.kind, []).append(rank)
        if rank != 1:
            missed.append(
                {
                    "kind": query.kind,
                    "query": query.text,
                    "rank": rank,
                    "wanted": headline[target],
                    "first": headline.get(found[0]) if found else None,
                }
            )
    figures = {kind: summary(ranks) for kind, ranks in per_kind.items()}
    figures["all"] = summary([r for ranks in per_kind.values() for r in ranks])
    timings.sort()
    figures["_meta"] = {
        "articles": len(stories),
        "queries": len(queries),
        "load_seconds": round(loaded, 1),
        "median_ms": round(timings[len(timings) // 2] * 1000, 1),
    }
    if misses:
        figures["_misses"] = missed
    return figures


def summary(ranks):
    n = len(ranks)
    return {
        "n": n,
        "s1": sum(r == 1 for r in ranks) / n,
        "s10": sum(r is not None and r <= 10 for r in ranks) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
    }


def report(engine, figures, before):
    meta = figures["_meta"]
    print(
        f"\n{engine}: {meta['articles']:,} stories, {meta['queries']} labelled queries "
        f"(archive loaded and indexed in {meta['load_seconds']} s; median query "
        f"{meta['median_ms']} ms)"
    )
    print(f"{'kind':<18}{'n':>4}   {'success@1':>16}   {'success@10':>16}   {'MRR':>16}")
    print(f"{'':<18}{'':>4}   {'before → now':>16}   {'before → now':>16}   {'before → now':>16}")
    kinds = [k for k in figures if not k.startswith("_") and k != "all"] + ["all"]
    for kind in kinds:
        now, then = figures[kind], before.get(kind, {})
        cells = [
            f"{then[m]:.2f} → {now[m]:.2f}" if m in then else f"{'–':>4} → {now[m]:.2f}"
            for m in ("s1", "s10", "mrr")
        ]
        print(f"{kind:<18}{now['n']:>4}   {cells[0]:>16}   {cells[1]:>16}   {cells[2]:>16}")
    for miss in figures.get("_misses", []):
        print(
            f"  {miss['kind']:<17} «{miss['query']}» rank {miss['rank']}: wanted «{miss['wanted']}»"
            f", first «{miss['first']}»"
        )


if __name__ == "__main__":
    main()
