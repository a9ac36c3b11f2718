"""Request metrics under gunicorn: every worker of every instance on the machine counted once,
however often gunicorn replaces its workers, without files piling up."""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nashir.ops import metrics_files

ROOT = Path(__file__).resolve().parents[3]

COUNT_IN_A_WORKER = """
import sys
from prometheus_client import Counter, Histogram
answers = Counter("answers", "answers", ["view"])
latency = Histogram("latency_seconds", "latency", buckets=(0.1, 1.0))
for _ in range(int(sys.argv[1])):
    answers.labels("article").inc()
    latency.observe(0.5)
"""


def worker(folder, count):
    """A process that counts `count` answers in multiprocess mode, then exits; its pid."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder)}
    done = subprocess.run(
        [sys.executable, "-c", COUNT_IN_A_WORKER + "\nimport os; print(os.getpid())", str(count)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def totals(root):
    samples = {}
    for family in metrics_files.collect(root):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def test_dead_workers_are_folded_and_still_counted(tmp_path):
    """Five workers come and go: the totals stay exact, and two files are left, not ten."""
    root = tmp_path / "metrics"
    folder = metrics_files.instance_folder(root, "127.0.0.1:8001")
    metrics_files.start_instance(root, folder)
    for i in range(5):
        pid = worker(folder, i + 1)
        metrics_files.fold_dead_worker(root, folder, pid)
    live = worker(folder, 100)  # still running, say: not folded
    samples = totals(root)
    assert samples[("answers_total", (("view", "article"),))] == 15 + 100
    assert samples[("latency_seconds_bucket", (("le", "1.0"),))] == 115
    assert samples[("latency_seconds_bucket", (("le", "0.1"),))] == 0
    assert sorted(p.name for p in folder.glob("*.db")) == sorted(
        [
            "counter_archive.db",
            "histogram_archive.db",
            f"counter_{live}.db",
            f"histogram_{live}.db",
        ]
    )


def test_instances_add_up_and_a_restart_empties_only_its_own(tmp_path):
    """Two gunicorn instances on the machine: one answer for both; restarting one resets it."""
    root = tmp_path / "metrics"
    first = metrics_files.instance_folder(root, "127.0.0.1:8001")
    second = metrics_files.instance_folder(root, "unix:/run/nashir.sock")
    assert second.name == "unix-run-nashir.sock"
    metrics_files.start_instance(root, first)
    metrics_files.start_instance(root, second)
    worker(first, 3)
    worker(second, 4)
    assert totals(root)[("answers_total", (("view", "article"),))] == 7
    metrics_files.start_instance(root, first)
    assert totals(root)[("answers_total", (("view", "article"),))] == 4


# --- under gunicorn, as production runs ------------------------------------------------------


def free_ports(count):
    ports = []
    for port in range(12440, 12499):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                ports.append(port)
                if len(ports) == count:
                    return ports
    pytest.skip("no free ports in 12440-12498")


def get(port, path, deadline):
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.read().decode()
        except (ConnectionRefusedError, ConnectionResetError, http.client.RemoteDisconnected):
            assert time.monotonic() < deadline, f"gunicorn on {port} did not answer"
            time.sleep(0.2)


def health_answers(text):
    total = 0.0
    for line in text.splitlines():
        if line.startswith("django_http_responses_total_by_status_view_method_total{") and (
            'view="health"' in line and 'status="200"' in line
        ):
            total += float(line.rsplit(" ", 1)[1])
    return total


def test_under_gunicorn_every_answer_of_every_worker_is_counted_once(tmp_path):
    """Two instances with deploy/gunicorn.conf.py, its worker replaced every 10 requests:
    the scrape of either instance counts all 30 answers, and the folder stays small."""
    ports = free_ports(2)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="nashir.settings.test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        NASHIR_VAR_DIR=str(tmp_path / "var"),
        WORKERS="1",
        THREADS="2",
    )
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.pop("NASHIR_METRICS_DIR", None)
    servers = [
        subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "-c",
                str(ROOT / "deploy/gunicorn.conf.py"),
                "nashir.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--max-requests",
                "10",
                "--max-requests-jitter",
                "0",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for port in ports
    ]
    try:
        deadline = time.monotonic() + 120
        for i in range(30):
            status, _ = get(ports[i % 2], "/health/", deadline)
            assert status == 200
        time.sleep(1)  # let the masters reap the workers that reached max_requests
        scrapes = [get(port, "/metrics/", deadline) for port in ports]
    finally:
        for server in servers:
            server.terminate()
        errors = [server.communicate(timeout=30)[1] for server in servers]
    for status, text in scrapes:
        assert status == 200, text
        assert health_answers(text) == 30, errors
    folders = sorted(p for p in (tmp_path / "var" / "metrics").iterdir() if p.is_dir())
    assert [f.name for f in folders] == sorted(f"127.0.0.1-{port}" for port in ports)
    for folder in folders:
        # The live worker's two files, the archive's two, perhaps a worker that just exited.
        assert len(list(folder.glob("*.db"))) <= 2 + 2 + 2, sorted(folder.iterdir())
        assert (folder / "counter_archive.db").exists()
