"""make bench-comments — 200 comments posted at once through a real gunicorn; none lost, none doubled.

Starts gunicorn (4 sync workers, port 8101 by default) on a throw-away SQLite database and file
cache, fetches a CSRF token and form stamp per reader from /comments/token/ as the page's
JavaScript does, waits out the minimum fill-in time, then sends every POST at once from a thread
pool, plus a burst of exact re-sends (double clicks). It then counts what the database holds.

    .venv/bin/python bench/comments_concurrency.py [--comments 200] [--workers 4] [--port 8101]
"""

import argparse
import http.client
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = """
from nashir.settings.dev import *  # noqa
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# One machine sends everything: the per-IP and per-email limits would (rightly) stop it.
NASHIR_RATE_LIMITS = {"comment-ip": "", "comment-email": ""}
"""
SETUP = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from nashir.news.models import ArticleByline, ArticlePage, HomePage, SectionPage
from nashir.people.models import Author
home = HomePage.objects.get()
section = SectionPage(title="اختبار", slug="bench")
home.add_child(instance=section); section.save_revision().publish()
article = ArticlePage(title="مقال الاختبار", slug="bench-article", summary="ملخص",
                      body=[("paragraph", "<p>نص.</p>")])
article.bylines.add(ArticleByline(author=Author.objects.create(name="كاتب", slug="bench")))
section.add_child(instance=article); article.save_revision().publish()
print(article.pk)
"""


def request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def wait_for(port, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if request(port, "GET", "/comments/token/")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--threads", type=int, default=50)
    parser.add_argument("--resends", type=int, default=40)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="nashir-bench-comments-"))
    (tmp / "bench_comments_settings.py").write_text(SETTINGS)
    env = {
        **os.environ,
        "PYTHONPATH": f"{tmp}{os.pathsep}{ROOT}",
        "DJANGO_SETTINGS_MODULE": "bench_comments_settings",
        "NASHIR_VAR_DIR": str(tmp),
        "SECRET_KEY": "bench-only-secret",
        "PYTHONWARNINGS": "ignore::UserWarning",
    }
    python = sys.executable
    article_id = int(
        subprocess.run(
            [python, "-c", textwrap.dedent(SETUP)], env=env, cwd=ROOT, check=True,
            capture_output=True, text=True,
        ).stdout.split()[-1]
    )  # fmt: skip
    gunicorn = subprocess.Popen(
        [python, "-m", "gunicorn", "nashir.wsgi", "--bind", f"127.0.0.1:{args.port}",
         "--workers", str(args.workers), "--log-level", "warning"],
        env=env, cwd=ROOT, start_new_session=True,
    )  # fmt: skip
    try:
        wait_for(args.port)
        forms = []
        for _ in range(args.comments):
            status, headers, body = request(args.port, "GET", "/comments/token/")
            import json

            data = json.loads(body)
            cookie = headers["Set-Cookie"].split(";", 1)[0]
            forms.append((cookie, data["csrf"], data["stamp"]))
        time.sleep(3.2)  # the form's minimum fill-in time (CommentSettings.min_seconds)

        def send(i):
            cookie, token, stamp = forms[i % args.comments]
            payload = urlencode(
                {
                    "name": f"قارئ {i % args.comments}",
                    "email": f"reader{i % args.comments}@bench.example",
                    "url": "",
                    "body": f"تعليق رقم {i % args.comments} في اختبار التزامن",
                    "parent": "",
                    "stamp": stamp,
                    "phone": "",
                    "csrfmiddlewaretoken": token,
                }
            )
            started = time.perf_counter()
            status, _, _ = request(
                args.port, "POST", f"/comments/post/{article_id}/", payload,
                {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
            )  # fmt: skip
            return status, time.perf_counter() - started

        jobs = list(range(args.comments)) + list(range(args.resends))  # resends: double clicks
        started = time.perf_counter()
        with ThreadPoolExecutor(args.threads) as pool:
            results = list(pool.map(send, jobs))
        elapsed = time.perf_counter() - started
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)

    db = sqlite3.connect(tmp / "nashir.sqlite3")
    stored, keys, bodies = db.execute(
        "SELECT count(*), count(DISTINCT submission_key), count(DISTINCT body) "
        "FROM discussion_comment"
    ).fetchone()
    by_status = dict(db.execute("SELECT status, count(*) FROM discussion_comment GROUP BY status"))
    db.close()
    codes = {}
    for status, _ in results:
        codes[status] = codes.get(status, 0) + 1
    latencies = sorted(t for _, t in results)
    print(f"gunicorn workers: {args.workers}, client threads: {args.threads}, SQLite (WAL)")
    print(f"POSTs sent: {len(jobs)} ({args.comments} comments + {args.resends} exact re-sends)")
    print(f"responses: {dict(sorted(codes.items()))} in {elapsed:.2f} s "
          f"({len(jobs) / elapsed:.0f} POST/s)")  # fmt: skip
    print(
        f"latency: median {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95) - 1] * 1000:.0f} ms, "
        f"max {latencies[-1] * 1000:.0f} ms"
    )
    print(f"stored: {stored} rows, {keys} distinct keys, {bodies} distinct bodies; {by_status}")
    ok = stored == keys == bodies == args.comments and codes == {302: len(jobs)}
    print("OK: every comment stored exactly once" if ok else "FAIL: comments lost or doubled")
    subprocess.run(["rm", "-rf", str(tmp)], check=False)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
