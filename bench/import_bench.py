"""`make bench-import`: time `import_wordpress` of a generated export into a fresh database.

    python bench/import_bench.py --posts 100000 [--engine sqlite|postgres|both]

Generates the export once (bench/wxr_generate.py; kept under --dir and reused when it holds
the same number of posts), then for each engine migrates a fresh database, imports the
export, and imports it again (nothing changed). Each import runs as its own process, measured
from outside: wall time, CPU time (user + system, of the import process only — PostgreSQL's
own work is in the server), peak memory (the largest resident set). The engine comes from
DATABASE_URL (PostgreSQL: a database named <name>_bench_import is made next to it), or
--engine; without DATABASE_URL, SQLite under --dir.

    python bench/import_bench.py --scan-only --export big.xml   # read a file as the import does

`--scan-only` reads the whole file as the import's first pass does and prints its peak memory:
how it stays flat whatever the file's size (a 1 GB export: `--posts … --paragraphs 3`).
"""

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def run_measured(args, env, log):
    """Run a process; return (wall s, cpu s, peak RSS MB, exit code)."""
    started = time.monotonic()
    with open(log, "w") as out:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def fresh_postgres(url):
    """A new empty database beside the one DATABASE_URL names; returns its URL."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_bench_import"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def prepare_database(engine, workdir):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "nashir.settings.dev"}
    var = workdir / f"var-{engine}"
    var.mkdir(parents=True, exist_ok=True)
    env["NASHIR_VAR_DIR"] = str(var)
    if engine == "postgres":
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith("postgres"):
            sys.exit("--engine postgres needs DATABASE_URL=postgres://…")
        env["DATABASE_URL"] = fresh_postgres(url)
    else:
        env.pop("DATABASE_URL", None)
        for suffix in ("", "-wal", "-shm"):
            (var / f"nashir.sqlite3{suffix}").unlink(missing_ok=True)
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    return env


def report_line(log):
    lines = Path(log).read_text().splitlines()
    post = next((line for line in lines if line.startswith("post ")), "")
    timing = next((line for line in lines if line.startswith("time:")), "")
    return post, timing


def bench_engine(engine, export, media, workdir, posts, batch_size):
    print(f"\n== {engine}: {posts} posts ==", flush=True)
    env = prepare_database(engine, workdir)
    results = []
    for run in ("first", "again"):
        log = workdir / f"{engine}-{run}.log"
        wall, cpu, rss, code = run_measured(
            [
                PYTHON,
                "manage.py",
                "import_wordpress",
                str(export),
                "--media-dir",
                str(media),
                "--batch-size",
                str(batch_size),
            ],
            env,
            log,
        )
        post, timing = report_line(log)
        results.append((run, wall, cpu, rss, code))
        rate = posts / wall if wall else 0
        print(
            f"{engine:<9} {run:<6} wall {wall:8.1f} s  cpu {cpu:8.1f} s  "
            f"{rate:7.1f} posts/s  {cpu * 1000 / posts:6.1f} cpu-ms/post  "
            f"peak {rss:7.1f} MB  exit {code}",
            flush=True,
        )
        print(f"          report: {post}", flush=True)
        print(f"          {timing}", flush=True)
        if code:
            print(f"          (see {log})", flush=True)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--paragraphs", type=int, default=1, help="body length multiplier")
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"])
    parser.add_argument("--dir", type=Path, default=ROOT / "var" / "bench-import")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--export", type=Path, help="an existing export instead of generating")
    parser.add_argument("--scan-only", action="store_true")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)

    if args.scan_only:
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nashir.settings.dev")
        import django

        django.setup()
        from nashir.wordpress.importer import scan_export

        started = time.monotonic()
        scan = scan_export(args.export)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        size = args.export.stat().st_size / 1e6
        print(
            f"read {size:.0f} MB ({scan.posts} posts) in {time.monotonic() - started:.1f} s, "
            f"peak memory {peak:.0f} MB"
        )
        return

    export = args.export or args.dir / f"wxr-{args.posts}-{args.paragraphs}.xml"
    media = args.dir / "uploads"
    if not export.exists():
        print(f"generating {export} …", flush=True)
        subprocess.run(
            [
                PYTHON,
                "bench/wxr_generate.py",
                "--posts",
                str(args.posts),
                "--paragraphs",
                str(args.paragraphs),
                "--out",
                str(export),
                "--media",
                str(media),
            ],
            cwd=ROOT,
            check=True,
        )
    print(f"export: {export} ({export.stat().st_size / 1e6:.0f} MB)", flush=True)
    engine = args.engine or (
        "postgres" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    engines = ["sqlite", "postgres"] if engine == "both" else [engine]
    for name in engines:
        bench_engine(name, export, media, args.dir, args.posts, args.batch_size)
    print(
        "\ntargets: ≥ 55 posts/s (100,000 posts in ≤ 30 min), the second run ≤ 5 min, "
        "peak memory ≤ 1 GB"
    )


if __name__ == "__main__":
    main()
