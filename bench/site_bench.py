"""make bench: how fast nashir serves readers, uncached, cached in the embedded tier, and via nginx.

Builds a site with N synthetic Arabic articles in a temporary folder, starts gunicorn (production
settings, workers sized to the machine) with and without the page cache, optionally nginx with
deploy/nginx.conf in front, and drives each with wrk (or a small Python load generator) for a
fixed time. Prints requests/s, p50 and p99 per page and tier, each as a ratio to the ceiling:
the same article HTML served by nginx as a plain static file. The synthetic articles carry what
a real one shows (lead image, tags, «اقرأ أيضاً», related list, comments, author box); "uncached"
keeps an article's rendered parts (nashir.pagecache.keep), "nothing kept" does not. gunicorn runs
with deploy/gunicorn.conf.py, as `make run` does; with Varnish installed (and its xkey vmod) a
row shows Varnish (deploy/varnish.vcl) in front of app servers without the files tier. Readers
ask for the site at its Site address, http://127.0.0.1 (a Host header), where pages are kept.

    python bench/site_bench.py [--articles 20000] [--duration 10] [--compare 1000]
"""

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PAGES = ["home", "section", "article", "search"]


def bench_env(var_dir, page_cache=True, fragments=True, **extra):
    """Production settings on loopback; `extra` (bench/faults.py: its own PostgreSQL, Redis and
    task queue) is added last."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="nashir.settings.production",
        SECRET_KEY="bench-" + "x" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        NASHIR_VAR_DIR=str(var_dir),
        NASHIR_PAGE_CACHE="1" if page_cache else "0",
        NASHIR_FRAGMENT_CACHE="1" if fragments else "0",
        NASHIR_TASKS="immediate",
        NASHIR_BASE_URL=f"http://{HOST}",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


#: The address readers use (the Site's): pages are kept only for it.
HOST = "127.0.0.1"


def build(var_dir, articles, **extra):
    """Create the database, the synthetic articles and their search index (one Django per site)."""
    code = f"""
import sys, time
sys.path.insert(0, {str(ROOT / "bench")!r})
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
from synthetic import Writer, create_articles
started = time.time()
create_articles({articles}, Writer(seed=11), furnished=True)
call_command("update_index", verbosity=0)
call_command("optimize_database", verbosity=0)
print(f"{{time.time() - started:.1f}}")
"""
    out = subprocess.run(
        [str(BIN / "python"), "-c", code],
        env=bench_env(var_dir, **extra),
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, path="/", timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            conn.getresponse().read()
            return
        except (OSError, http.client.HTTPException):
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not start")


def start_gunicorn(var_dir, port, page_cache, workers, fragments=True, **extra):
    """gunicorn exactly as `make run` starts it (deploy/gunicorn.conf.py)."""
    return subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-c",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "nashir.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        env=bench_env(var_dir, page_cache, fragments, **extra),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(Path(var_dir) / f"gunicorn-{port}.log", "w"),
    )


def start_nginx(var_dir, app_port, port, run_dir):
    """deploy/nginx.conf in front of the app server(s) on `app_port` (a port or a list)."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    conf = conf.replace("/srv/nashir/var", str(var_dir)).replace(
        "/srv/nashir/deploy", str(ROOT / "deploy")
    )
    servers = "\n    ".join(
        f"server 127.0.0.1:{p};" for p in ([app_port] if isinstance(app_port, int) else app_port)
    )
    conf = re.sub(r"server 127\.0\.0\.1:800\d;(\n\s*server 127\.0\.0\.1:800\d;)*", servers, conf)
    conf = conf.replace("listen [::]:80;", "").replace("listen 80;", f"listen 127.0.0.1:{port};")
    conf = conf.replace(
        "    location / {",
        f"    location = /ceiling.html {{ root {var_dir}; }}\n\n    location / {{",
        1,
    )
    main = f"""
user root;
worker_processes auto;
pid {run_dir}/nginx.pid;
error_log {run_dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    keepalive_requests 100000;
    {conf}
}}
"""
    (run_dir / "nginx.conf").write_text(main)
    return subprocess.Popen(
        ["nginx", "-c", str(run_dir / "nginx.conf"), "-p", str(run_dir), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def start_varnish(app_port, port, run_dir):
    """Varnish with deploy/varnish.vcl, both its backends the same app server."""
    vcl = (ROOT / "deploy" / "varnish.vcl").read_text()
    vcl = vcl.replace('.port = "8001";', f'.port = "{app_port}";')
    vcl = vcl.replace('.port = "8002";', f'.port = "{app_port}";')
    # Varnish compiles and runs as its own user: its folder must be readable by it.
    run_dir.chmod(0o755)
    (run_dir / "varnish.vcl").write_text(vcl)
    (run_dir / "varnish.vcl").chmod(0o644)
    return subprocess.Popen(
        [
            shutil.which("varnishd") or "/usr/sbin/varnishd",
            "-F",
            "-n",
            str(run_dir / "varnish"),
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(run_dir / "varnish.vcl"),
            "-s",
            "malloc,256m",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def has_varnish():
    from glob import glob

    return shutil.which("varnishd") and glob("/usr/lib/*/varnish/vmods/libvmod_xkey.so")


def load(url, duration, connections):
    """Requests/s, p50 and p99 in ms: wrk when installed, else a Python generator."""
    if shutil.which("wrk"):
        out = subprocess.run(
            [
                "wrk",
                f"-t{min(2, connections)}",
                f"-c{connections}",
                f"-d{duration}s",
                "--latency",
                "-H",
                f"Host: {HOST}",
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        lat = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        if errors:
            print(f"  ! {url}: {errors.group(1)} non-2xx responses", file=sys.stderr)
        return rps, to_ms(lat["50"]), to_ms(lat["99"])
    return python_load(url, duration, connections)


def to_ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def python_load(url, duration, connections):
    match = re.match(r"http://([^:/]+):(\d+)(.*)", url)
    host, port, path = match.group(1), int(match.group(2)), match.group(3)
    latencies, stop = [], time.time() + duration

    def worker():
        conn = http.client.HTTPConnection(host, port, timeout=10)
        while time.time() < stop:
            t = time.perf_counter()
            conn.request("GET", path, headers={"Host": HOST})
            conn.getresponse().read()
            latencies.append((time.perf_counter() - t) * 1000)

    threads = [threading.Thread(target=worker) for _ in range(min(connections, 8))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    return (
        len(latencies) / duration,
        latencies[len(latencies) // 2],
        latencies[int(len(latencies) * 0.99)],
    )


def search_word():
    """A popular word of the synthetic archive (the 20th most frequent): a search with results."""
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import Writer

    return Writer(seed=11).words[20]


def urls(port):
    base = f"http://127.0.0.1:{port}"
    return {
        "home": f"{base}/",
        "section": f"{base}/syria/",
        "article": f"{base}/syria/syria-100/",
        "search": f"{base}/search/?q={quote(search_word())}",
    }


def fetch(url):
    match = re.match(r"http://([^:/]+):(\d+)(.*)", url)
    conn = http.client.HTTPConnection(match.group(1), int(match.group(2)), timeout=30)
    conn.request("GET", match.group(3), headers={"Host": HOST})
    response = conn.getresponse()
    return response.status, dict(response.getheaders()), response.read()


def server_time(port, cold_port, duration):
    """Uncached latency with one connection: the server time a reader waits for."""
    out = {}
    for page, url in [*urls(port).items(), (COLD, urls(cold_port)["article"])]:
        load(url, 1, 1)  # warm every worker thread first (database connection, templates)
        out[page] = load(url, duration, 1)[1]
    return out


#: An uncached article page whose rendered parts are not kept either (NASHIR_FRAGMENT_CACHE=0):
#: what the first reader after a publish waits for.
COLD = "article, first render"


def run_site(articles, duration, connections, workers, use_nginx, keep, cleanup=True, varnish=True):
    var_dir = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="nashir-bench-"))
    var_dir.mkdir(parents=True, exist_ok=True)
    if not (var_dir / "nashir.sqlite3").exists():
        print(f"Building a site with {articles:,} articles in {var_dir} …", flush=True)
        seconds = build(var_dir, articles)
        print(f"  built in {seconds:.1f} s", flush=True)
    processes = []
    try:
        cached_port, uncached_port, cold_port = free_port(), free_port(), free_port()
        processes.append(start_gunicorn(var_dir, cached_port, True, workers))
        processes.append(start_gunicorn(var_dir, uncached_port, False, workers))
        processes.append(start_gunicorn(var_dir, cold_port, False, workers, fragments=False))
        for port in (cached_port, uncached_port, cold_port):
            wait_for(port)
        results = {}
        for page, url in urls(uncached_port).items():
            status, _, body = fetch(url)
            assert status == 200, (url, status)
            if page == "search":
                assert b'class="search-result"' in body, "the benchmark search found nothing"
            if page == "article":
                assert b'class="related"' in body and b"read-also" in body, "a bare article"
            results[("uncached", page)] = load(url, duration, connections)
        results[("uncached, nothing kept", "article")] = load(
            urls(cold_port)["article"], duration, connections
        )
        for page, url in urls(cached_port).items():
            fetch(url)  # the first view renders and stores the page
            results[("embedded cache", page)] = load(url, duration, connections)
        ceiling = None
        if use_nginx and shutil.which("nginx"):
            run_dir = Path(tempfile.mkdtemp(prefix="nashir-nginx-"))
            nginx_port = free_port()
            _, _, article_html = fetch(urls(cached_port)["article"])
            (var_dir / "ceiling.html").write_bytes(article_html)
            processes.append(start_nginx(var_dir, cached_port, nginx_port, run_dir))
            wait_for(nginx_port, "/ceiling.html")
            for page, url in urls(nginx_port).items():
                status, headers, _ = fetch(url)
                assert status == 200, (url, status)
                results[("nginx", page)] = load(url, duration, connections)
            ceiling = load(f"http://127.0.0.1:{nginx_port}/ceiling.html", duration, connections)
            results[("static file (ceiling)", "article")] = ceiling
        if varnish and has_varnish():
            run_dir = Path(tempfile.mkdtemp(prefix="nashir-varnish-"))
            varnish_port = free_port()
            processes.append(start_varnish(uncached_port, varnish_port, run_dir))
            wait_for(varnish_port, timeout=120)
            for page, url in urls(varnish_port).items():
                status, headers, _ = fetch(url)
                assert status == 200, (url, status)
                results[("varnish", page)] = load(url, duration, connections)
        latency = server_time(uncached_port, cold_port, max(3, duration // 2))
        return results, ceiling, latency, var_dir
    finally:
        for p in processes:
            p.terminate()
        for p in processes:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        if cleanup and not keep:
            shutil.rmtree(var_dir, ignore_errors=True)


def growth(big_dir, small_dir, workers, rounds=5, seconds=3):
    """Uncached p50 (one connection) of both sites, measured in alternation, median of rounds.

    Both servers run side by side and are measured turn about, so a busy moment on a shared
    machine hits both sites alike instead of making one of them look slower.
    """
    ports, cold_ports, processes = {}, {}, []
    try:
        for site, var_dir in (("big", big_dir), ("small", small_dir)):
            ports[site], cold_ports[site] = free_port(), free_port()
            processes.append(start_gunicorn(var_dir, ports[site], False, workers))
            processes.append(
                start_gunicorn(var_dir, cold_ports[site], False, workers, fragments=False)
            )
        for port in [*ports.values(), *cold_ports.values()]:
            wait_for(port)
        samples = {(site, page): [] for site in ports for page in [*PAGES, COLD]}
        for _ in range(rounds):
            for page in [*PAGES, COLD]:
                for site, port in ports.items():
                    url = urls(cold_ports[site])["article"] if page == COLD else urls(port)[page]
                    load(url, 1, 1)  # every worker thread warm: connection open, templates loaded
                    samples[(site, page)].append(load(url, seconds, 1)[1])
        return {key: statistics.median(values) for key, values in samples.items()}
    finally:
        for p in processes:
            p.terminate()
        for p in processes:
            p.wait(timeout=10)


def print_table(results, ceiling, articles):
    print(f"\nnashir — {articles:,} articles, {os.cpu_count()} cores")
    print(f"{'tier':<24}{'page':<10}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'of ceiling':>12}")
    for (tier, page), (rps, p50, p99) in results.items():
        ratio = f"{rps / ceiling[0]:.1%}" if ceiling else "-"
        print(f"{tier:<24}{page:<10}{rps:>10,.0f}{p50:>10.2f}{p99:>10.2f}{ratio:>12}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument(
        "--compare", type=int, default=1_000, help="a small site to compare (0: skip)"
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 1) * 2))
    parser.add_argument("--no-nginx", action="store_true")
    parser.add_argument("--keep", metavar="DIR", help="build the big site in DIR and keep it")
    args = parser.parse_args()

    results, ceiling, latency, big_dir = run_site(
        args.articles,
        args.duration,
        args.connections,
        args.workers,
        not args.no_nginx,
        args.keep,
        cleanup=not args.compare,
    )
    print_table(results, ceiling, args.articles)
    print("\nUncached server time (one connection, p50 ms):")
    print("  " + "  ".join(f"{page} {ms:.2f}" for page, ms in latency.items()))
    print(
        "  (uncached: no page cache, the article's rendered parts kept until they change;\n"
        f"   {COLD}: nothing kept, as for the first reader after a publish)"
    )
    if args.compare:
        small, _, _, small_dir = run_site(
            args.compare,
            max(3, args.duration // 2),
            args.connections,
            args.workers,
            False,
            None,
            cleanup=False,
            varnish=False,
        )
        try:
            medians = growth(big_dir, small_dir, args.workers)
        finally:
            shutil.rmtree(small_dir, ignore_errors=True)
            if not args.keep:
                shutil.rmtree(big_dir, ignore_errors=True)
        print(
            f"\nGrowth from {args.compare:,} to {args.articles:,} articles (uncached p50, one "
            "connection, both sites measured in turn, median of 5 rounds):"
        )
        for page in [*PAGES, COLD]:
            a, b = medians[("small", page)], medians[("big", page)]
            print(f"  {page:<8} {a:7.2f} ms → {b:7.2f} ms  ({b / a - 1:+.0%})")
        print(
            f"\nThroughput at {args.compare:,} articles (uncached, {args.connections} connections):"
        )
        for page in PAGES:
            print(f"  {page:<8} {small[('uncached', page)][0]:>8,.0f} req/s")
    wordpress = 45
    article_uncached = results[("uncached", "article")][0]
    article_cold = results[("uncached, nothing kept", "article")][0]
    print(
        f"\nUncached article vs the WordPress figure ({wordpress} req/s): "
        f"{article_uncached / wordpress:.0f}× (first render: {article_cold / wordpress:.0f}×)"
    )


if __name__ == "__main__":
    main()
