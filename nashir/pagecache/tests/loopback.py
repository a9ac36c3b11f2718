"""nashir deployed on loopback for tests that need real processes, not mocks: a database of its
own, gunicorn app servers each with its own var/ folder, and (for some tests) Varnish in front.

The test's own database is not used: the servers are separate processes, so they get a fresh
one (an SQLite file, or a PostgreSQL database when the suite runs on PostgreSQL), migrated once
per test module.
"""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


def get(port, path, headers=None, method="GET"):
    """(status, headers, body) of one request; a dropped connection raises."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, quote(path, safe="/?=&%:"), headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8")
    finally:
        conn.close()


class Database:
    """A fresh database for the deployment: beside the suite's own, never the same one."""

    def __init__(self, folder):
        suite = os.environ.get("DATABASE_URL", "")
        self.name = None
        if suite.startswith("postgres"):
            import psycopg

            parts = urlsplit(suite)
            self.name = f"nashir_loopback_{uuid.uuid4().hex[:10]}"
            self.admin = parts._replace(path="/postgres").geturl()
            with psycopg.connect(self.admin, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.name}"')
            self.url = parts._replace(path=f"/{self.name}").geturl()
        else:
            self.url = f"sqlite:///{folder / 'nashir.sqlite3'}"

    @property
    def is_postgresql(self):
        return self.name is not None

    def drop(self):
        if self.name:
            import psycopg

            with psycopg.connect(self.admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class Deployment:
    """Machines sharing one database (and Redis, when given), each with its own var/."""

    def __init__(self, folder, redis_url="", **settings):
        self.folder = Path(folder)
        self.database = Database(self.folder)
        self.redis_url = redis_url
        self.settings = settings
        self.processes = []
        self.cleanup = []

    def env(self, machine="a", **extra):
        var = self.folder / f"machine-{machine}"
        var.mkdir(parents=True, exist_ok=True)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NASHIR_"))},
            "DJANGO_SETTINGS_MODULE": "nashir.settings.production",
            "SECRET_KEY": "loopback-" + "k" * 60,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "SECURE_HSTS_SECONDS": "0",
            "NASHIR_TASKS": "immediate",
            "NASHIR_VAR_DIR": str(var),
            "DATABASE_URL": self.database.url,
            "REDIS_URL": self.redis_url,
            "PYTHONPATH": str(ROOT),
            **{k: str(v) for k, v in self.settings.items()},
            **{k: str(v) for k, v in extra.items()},
        }
        return env

    def manage(self, *args, machine="a", **extra):
        result = subprocess.run(
            [str(BIN / "python"), str(ROOT / "manage.py"), *args],
            env=self.env(machine, **extra),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
        return result

    def python(self, code, machine="a", **extra):
        """Run `code` in a Django shell of this machine; returns what it printed as JSON."""
        result = self.manage("shell", "-c", code, machine=machine, **extra)
        lines = [line for line in result.stdout.splitlines() if line.strip()]
        return json.loads(lines[-1]) if lines else None

    def serve(self, port, machine="a", threads=8, **extra):
        """gunicorn with threads, as `make run` serves (one worker, so tests stay light)."""
        if not (self.folder / f"machine-{machine}" / "static" / "staticfiles.json").exists():
            self.manage("collectstatic", "--noinput", "-v0", machine=machine)
        process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "nashir.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--worker-class",
                "gthread",
                "--threads",
                str(threads),
                "--workers",
                "1",
                "--no-control-socket",
                "--log-level",
                "warning",
                "--error-logfile",
                str(self.folder / f"gunicorn-{machine}-{port}.log"),
            ],
            env=self.env(machine, **extra),
            cwd=ROOT,
        )
        self.processes.append(process)
        wait_for_port(port)
        return process

    def varnish(self, port, backends):
        """Varnish with deploy/varnish.vcl, its backends pointed at the given ports."""
        vcl = (ROOT / "deploy" / "varnish.vcl").read_text()
        for name, backend_port in zip(("8001", "8002"), backends, strict=True):
            vcl = vcl.replace(f'.port = "{name}";', f'.port = "{backend_port}";')
        # Varnish compiles and runs as its own user: its folder must be readable by it.
        run_dir = Path(tempfile.mkdtemp(prefix="nashir-varnish-"))
        run_dir.chmod(0o755)
        self.cleanup.append(run_dir)
        file = run_dir / "varnish.vcl"
        file.write_text(vcl)
        file.chmod(0o644)
        workdir = run_dir / "work"
        process = subprocess.Popen(
            [
                shutil.which("varnishd") or "/usr/sbin/varnishd",
                "-F",
                "-n",
                str(workdir),
                "-a",
                f"127.0.0.1:{port}",
                "-f",
                str(file),
                "-s",
                "malloc,32m",
            ],
            stdout=subprocess.DEVNULL,
            stderr=open(self.folder / "varnish.log", "w"),  # noqa: SIM115 — lives with the process
        )
        self.processes.append(process)
        wait_for_port(port, timeout=120)
        return process

    def stop(self):
        for process in reversed(self.processes):
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes = []
        self.database.drop()
        for folder in self.cleanup:
            shutil.rmtree(folder, ignore_errors=True)


#: Made in the deployment's own database: a section with two articles, as an editor would.
NEWSROOM = """
import json
from wagtail.models import Site
from nashir.news.models import HomePage
from nashir.news.tests.factories import make_article, make_section
Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port={port})
home = HomePage.objects.get()
section = make_section(home, "سوريا", "syria")
first = make_article(section, "افتتاح جسر الرستن بعد ترميمه", tags=["جسور"])
second = make_article(section, "عودة الكهرباء إلى أحياء حمص", tags=["كهرباء"])
print(json.dumps({{"first": first.url, "second": second.url, "first_id": first.pk}}))
"""


def edit_headline(article_id, title):
    return f"""
from nashir.news.models import ArticlePage
article = ArticlePage.objects.get(pk={article_id})
article.title = {title!r}
article.save_revision().publish()
print(1)
"""
