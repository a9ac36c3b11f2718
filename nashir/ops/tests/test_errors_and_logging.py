"""Every 500 leaves a trace (traceback and request id on stderr, optionally in Sentry), and
every refused request an Arabic answer (issue #17)."""

import gzip
import http.client
import io
import json
import logging
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.test import Client

from nashir.ops.requestid import request_id_for

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def stderr_log():
    """What the configured stderr handler writes (the journal, under systemd)."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "stderr")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.mark.django_db
def test_a_failing_view_logs_its_traceback_with_the_request_id(settings, stderr_log):
    """A bug in a view: the reader gets the Arabic apology with a reference, the log gets
    the traceback on a line carrying the same request id, which the response header repeats."""
    settings.ROOT_URLCONF = "nashir.ops.tests.raising_urls"
    response = Client(raise_request_exception=False).get("/boom/")
    request_id = response["X-Request-ID"]
    html = response.content.decode()
    assert response.status_code == 500
    assert "حدث خطأ غير متوقع" in html and request_id in html
    log = stderr_log.getvalue()
    assert f"ERROR django.request [request {request_id}] Internal Server Error: /boom/" in log
    assert "Traceback (most recent call last):" in log
    assert "KeyError: 'presses'" in log
    assert 'return {"pages": 1}["presses"] / 0' in log


@pytest.mark.django_db
def test_a_database_that_does_not_answer_is_a_503_saying_nothing_was_saved(settings, stderr_log):
    """PostgreSQL stopped: the reader is told in Arabic that nothing was saved and to send again
    in a minute (Retry-After), not «unexpected error»; the log still has the traceback."""
    settings.ROOT_URLCONF = "nashir.ops.tests.raising_urls"
    response = Client(raise_request_exception=False).post("/database-gone/", {"body": "نص"})
    html = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert "لم نحفظ شيئاً مما أرسلته" in html and response["X-Request-ID"] in html
    assert "OperationalError: connection to server" in stderr_log.getvalue()


@pytest.mark.django_db
def test_an_api_500_is_json_with_the_request_id(settings, monkeypatch):
    """The API's own failures are JSON too, with the id to quote."""
    from nashir.syndication import api

    def broken(self):
        raise RuntimeError("index gone")

    monkeypatch.setattr(api.ArticlesAPIViewSet, "get_queryset", broken)
    response = Client(raise_request_exception=False).get("/api/v2/articles/")
    assert response.status_code == 500
    body = response.json()
    assert body["request_id"] == response["X-Request-ID"]
    assert "حدث خطأ غير متوقع" in body["message"]


def test_request_ids_are_taken_only_from_the_trusted_proxy(rf):
    """nginx's $request_id is kept; a client's own, or anything insane, is replaced."""
    from_nginx = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REQUEST_ID="0f3c9a7e5d1b4c2a8e6f")
    assert request_id_for(from_nginx) == "0f3c9a7e5d1b4c2a8e6f"
    direct = rf.get("/", REMOTE_ADDR="198.51.100.3", HTTP_X_REQUEST_ID="0f3c9a7e5d1b4c2a8e6f")
    assert request_id_for(direct) != "0f3c9a7e5d1b4c2a8e6f"
    for insane in ("short", "x" * 65, "id with spaces", 'quote"d-id-12345', "\n" * 10):
        request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REQUEST_ID=insane)
        assert request_id_for(request) != insane
    assert len(request_id_for(direct)) == 32


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client, home):
    """Pages, errors and redirects alike answer with X-Request-ID, a new one each time."""
    ids = {client.get(url)["X-Request-ID"] for url in ("/", "/nothing-here/", "/admin/")}
    assert len(ids) == 3


@pytest.mark.django_db
def test_refused_requests_are_answered_in_arabic(client, home, settings):
    """A NUL in the address is a 400 page in the site's design; a host not served here a
    plain Arabic 400 (its site cannot be known); neither is Django's English text."""
    response = client.get("/tag/%00/")
    assert response.status_code == 400
    assert "طلب غير صالح" in response.content.decode()
    assert 'class="masthead' in response.content.decode()
    settings.ALLOWED_HOSTS = ["news.example.org"]
    response = Client(HTTP_HOST="evil.example").get("/")
    assert response.status_code == 400
    assert "طلب غير صالح" in response.content.decode()
    assert "Bad Request" not in response.content.decode()


@pytest.mark.django_db
def test_the_500_page_survives_a_broken_layout(rf, monkeypatch):
    """If even the standalone page cannot render (static manifest missing), a fixed Arabic
    page is sent, never a second exception."""
    from nashir.ops import errors

    def broken(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry for 'css/nashir.css'")

    monkeypatch.setattr(errors, "render_to_string", broken)
    response = errors.server_error(rf.get("/"))
    assert response.status_code == 500
    assert "حدث خطأ غير متوقع" in response.content.decode()


# --- under gunicorn, as production runs ------------------------------------------------------


def free_port():
    for port in range(10700, 10790):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip("no free port in 10700-10789")


def production_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="nashir.ops.tests.raising_settings",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        NASHIR_VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        NASHIR_TASKS="immediate",
    )
    env.pop("SENTRY_DSN", None)
    env.update(extra)
    return env


def test_under_gunicorn_a_500_reaches_stderr_with_traceback_and_request_id(tmp_path):
    """gunicorn (as systemd runs it) writes the traceback to stderr, which the journal keeps,
    on a line with the id nginx gave the request; the reader gets the same id."""
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "nashir.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--error-logfile",
            "-",
            "--log-level",
            "warning",
            "--timeout",
            "180",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=production_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                conn.request("GET", "/boom/", headers={"X-Request-ID": "nginx-5e1f0c2b7a"})
                response = conn.getresponse()
                break
            except ConnectionRefusedError:
                assert server.poll() is None and time.monotonic() < deadline, "gunicorn died"
                time.sleep(0.2)
        body = response.read().decode()
        assert response.status == 500
        assert response.getheader("X-Request-ID") == "nginx-5e1f0c2b7a"
        assert "حدث خطأ غير متوقع" in body and "nginx-5e1f0c2b7a" in body
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    lines = stderr.splitlines()
    error = next(i for i, line in enumerate(lines) if "Internal Server Error: /boom/" in line)
    assert "[request nginx-5e1f0c2b7a]" in lines[error]
    assert "Traceback (most recent call last):" in lines[error + 1]
    assert "KeyError: 'presses'" in stderr


# --- Sentry, only when SENTRY_DSN is set ---------------------------------------------------


class Collector(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        Collector.received.append(body.decode("utf-8", "replace"))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


SENTRY_SCRIPT = """
import django; django.setup()
import sentry_sdk
from django.test import Client
print("ACTIVE", sentry_sdk.get_client().is_active())
response = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1").get(
    "/boom/", HTTP_COOKIE="sessionid=secret-session"
)
print("STATUS", response.status_code, response["X-Request-ID"])
sentry_sdk.flush(timeout=10)
"""


@pytest.fixture
def collector():
    Collector.received = []
    server = HTTPServer(("127.0.0.1", free_port()), Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


def run_script(tmp_path, **env):
    return subprocess.run(
        [sys.executable, "-c", SENTRY_SCRIPT],
        cwd=ROOT,
        env=production_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_errors_go_to_sentry_when_a_dsn_is_set(tmp_path, collector):
    """With SENTRY_DSN the exception is reported with its request id, without the reader's
    cookies or data."""
    result = run_script(tmp_path, SENTRY_DSN=f"http://publickey@127.0.0.1:{collector}/1")
    assert "ACTIVE True" in result.stdout, result.stderr
    request_id = result.stdout.split("STATUS 500 ", 1)[1].split()[0]
    events = [item for item in Collector.received if "KeyError" in item]
    assert events, Collector.received
    event = json.loads(next(line for line in events[0].splitlines() if '"exception"' in line))
    assert event["tags"]["request_id"] == request_id
    assert event["exception"]["values"][-1]["type"] == "KeyError"
    assert "secret-session" not in events[0]


def test_nothing_is_sent_anywhere_without_a_dsn(tmp_path, collector):
    """No SENTRY_DSN: sentry-sdk is not initialised and no request leaves the machine."""
    result = run_script(tmp_path)
    assert "ACTIVE False" in result.stdout, result.stderr
    assert "STATUS 500" in result.stdout
    assert Collector.received == []


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", ["OR", "%E2%91%A4", "0", "%", "/admin/pages/"])
def test_a_logged_in_editor_on_the_login_page_is_sent_on_not_to_a_500(next_url):
    """/admin/login/?next=OR (found by the fuzz test): Wagtail took the word for a view name."""
    from django.contrib.auth.models import Group, User

    writer = User.objects.create_user("katib", password="x-test-password-1")
    writer.groups.add(Group.objects.get(name="كاتب"))
    client = Client(raise_request_exception=False)
    client.force_login(writer)
    response = client.get(f"/admin/login/?next={next_url}")
    assert response.status_code == 302
    assert response["Location"] in ("/admin/", "/admin/pages/")
