"""Production settings read from the environment, checked in a fresh interpreter per case."""

import json
import os
import secrets
import subprocess
import sys

from django.conf import settings

# Set by the test conftest for Playwright; `check --deploy` rightly objects to it in production.
SERVICE_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "NASHIR_MEDIA_STORAGE",
    "NASHIR_TASKS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def run_django(tmp_path, code, module="nashir.settings.production", **env):
    """Run `code` after django.setup() with only the given environment on top of a clean one."""
    clean = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    clean.update(
        DJANGO_SETTINGS_MODULE=module,
        NASHIR_VAR_DIR=str(tmp_path / "var"),
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="news.example.org",
        NASHIR_BASE_URL="https://news.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def read_settings(tmp_path, *names, **env):
    code = (
        "import json; from django.conf import settings\n"
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = run_django(tmp_path, code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    """`manage.py check --deploy` finds nothing to fix: HSTS, secure cookies, SSL redirect, key."""
    result = run_django(
        tmp_path,
        "from django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='WARNING')",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    """A forgotten SECRET_KEY stops the app server instead of running with a guessable one."""
    result = run_django(tmp_path, "", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_embedded_default_uses_local_services(tmp_path):
    """With nothing set: SQLite under var/, a local cache, media on the local disk, no queue."""
    values = read_settings(
        tmp_path, "DATABASES", "CACHES", "STORAGES", "TASKS", module="nashir.settings.dev"
    )
    assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["CACHES"]["default"]["BACKEND"].endswith("FileBasedCache")
    assert values["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert values["TASKS"]["default"]["BACKEND"].endswith("ImmediateBackend")


def test_services_come_from_the_environment(tmp_path):
    """DATABASE_URL, REDIS_URL and S3 media variables switch the engines without code changes."""
    values = read_settings(
        tmp_path,
        "DATABASES",
        "CACHES",
        "STORAGES",
        "NASHIR_CSP",
        DATABASE_URL="postgres://nashir:pw@db.internal:5432/nashir",
        REDIS_URL="redis://cache.internal:6379/0",
        NASHIR_MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="nashir-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.net",
        AWS_ACCESS_KEY_ID="key-id",
        AWS_SECRET_ACCESS_KEY="secret",
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
    )
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "nashir.core.postgresql"
    assert (database["HOST"], database["NAME"]) == ("db.internal", "nashir")
    assert values["CACHES"]["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert values["CACHES"]["default"]["LOCATION"] == "redis://cache.internal:6379/0"
    media = values["STORAGES"]["default"]
    assert media["BACKEND"] == "storages.backends.s3.S3Storage"
    assert media["OPTIONS"]["bucket_name"] == "nashir-media"
    assert media["OPTIONS"]["endpoint_url"] == "https://s3.example.net"
    assert media["OPTIONS"]["custom_domain"] == "media.example.org"
    # Images served from the bucket's domain must be allowed by the pages' policy.
    assert "img-src 'self' data: https://media.example.org;" in values["NASHIR_CSP"]


def test_s3_storage_builds_public_urls_without_network(tmp_path):
    """Uploaded images get addresses on the media domain; nothing is contacted to compute them."""
    result = run_django(
        tmp_path,
        "from django.core.files.storage import storages\n"
        "s = storages['default']\n"
        "print(type(s).__name__, s.url('original_images/photo.jpg'))",
        NASHIR_MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="nashir-media",
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
        AWS_ACCESS_KEY_ID="key-id",
        AWS_SECRET_ACCESS_KEY="secret",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage",
        "https://media.example.org/original_images/photo.jpg",
    ]


def test_production_queues_tasks_and_sends_mail_by_smtp(tmp_path):
    """Production hands background work to the worker and mail to the SMTP server it is given."""
    values = read_settings(
        tmp_path,
        "TASKS",
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_PORT",
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="2525",
    )
    assert values["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"]) == ("smtp.example.org", 2525)


def test_production_refuses_a_weak_secret_key(tmp_path):
    """Blank, short, repetitive or placeholder keys stop start-up with a clear message."""
    for key in ("   ", "short-key", "a" * 60, "ab" * 40, "change-me-to-60-random-characters" * 2):
        result = run_django(tmp_path, "", SECRET_KEY=key)
        assert result.returncode != 0, key
        assert "SECRET_KEY" in result.stderr, key
        assert "too weak" in result.stderr or "must be set" in result.stderr, key
    assert "at least 50 random characters" in run_django(tmp_path, "", SECRET_KEY="x1").stderr


def test_production_refuses_a_wildcard_host(tmp_path):
    """ALLOWED_HOSTS='*' (or a pattern matching any host) stops start-up; a domain is fine."""
    for hosts in ("*", "news.example.org,*", ".", "*.example.org", "  ,  "):
        result = run_django(tmp_path, "", ALLOWED_HOSTS=hosts)
        assert result.returncode != 0, hosts
        assert "ALLOWED_HOSTS" in result.stderr, hosts
    values = read_settings(
        tmp_path, "ALLOWED_HOSTS", ALLOWED_HOSTS=".example.org, news.example.org"
    )
    assert values["ALLOWED_HOSTS"] == [".example.org", "news.example.org"]


def test_bad_trusted_proxies_or_rates_stop_start_up(tmp_path):
    """A typo in NASHIR_TRUSTED_PROXIES or NASHIR_RATE_LIMITS is refused at start, not at the
    first request."""
    result = run_django(tmp_path, "", NASHIR_TRUSTED_PROXIES="127.0.0.1,nginx.local")
    assert result.returncode != 0 and "NASHIR_TRUSTED_PROXIES: 'nginx.local'" in result.stderr
    result = run_django(tmp_path, "", NASHIR_RATE_LIMITS="comment-ip=lots")
    assert result.returncode != 0 and "NASHIR_RATE_LIMITS" in result.stderr
    values = read_settings(
        tmp_path, "NASHIR_RATE_LIMITS", "NASHIR_TRUSTED_PROXIES",
        NASHIR_RATE_LIMITS="read-beacon=120/m", NASHIR_TRUSTED_PROXIES="127.0.0.1,10.0.0.0/8",
    )  # fmt: skip
    assert values["NASHIR_RATE_LIMITS"]["read-beacon"] == "120/m"
    assert values["NASHIR_RATE_LIMITS"]["comment-ip"] == "10/10m"
    assert values["NASHIR_TRUSTED_PROXIES"] == ["127.0.0.1", "10.0.0.0/8"]


def test_logging_goes_to_stderr_with_request_ids(tmp_path):
    """Production logs to stderr (gunicorn → journal), each line with its request id."""
    values = read_settings(tmp_path, "LOGGING")
    handler = values["LOGGING"]["handlers"]["stderr"]
    assert handler["class"] == "logging.StreamHandler" and "request_id" in handler["filters"]
    assert "%(request_id)s" in values["LOGGING"]["formatters"]["nashir"]["format"]
