"""Production: every secret and service from the environment; refuses to start without a key."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

# What `manage.py check --deploy` asks of a key (django.core.checks.security), refused here at
# start-up instead of warned about: sessions, password resets and comment stamps rest on it.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
SECRET_KEY_REFUSED_PREFIXES = ("django-insecure-", "change-me")


def checked_secret_key(key):
    if not key.strip():
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
    if (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or key.startswith(SECRET_KEY_REFUSED_PREFIXES)
    ):
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak for production: use at least {SECRET_KEY_MIN_LENGTH} random "
            f"characters (at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones), e.g. the "
            "output of: python3 -c 'import secrets; print(secrets.token_urlsafe(60))'"
        )
    return key


def checked_hosts(hosts):
    if not hosts:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment for production.")
    for host in hosts:
        if "*" in host or not host.strip("."):
            raise ImproperlyConfigured(
                f"ALLOWED_HOSTS must name the site's hosts; {host!r} accepts any Host header "
                "(poisoned cache pages and links to other sites). List the names, e.g. "
                "news.example.org,www.news.example.org, or .example.org for every subdomain."
            )
    return hosts


DEBUG = False
SECRET_KEY = checked_secret_key(os.environ.get("SECRET_KEY", ""))
ALLOWED_HOSTS = checked_hosts(env_list("ALLOWED_HOSTS"))
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Load balancers poll /health/, and Prometheus may scrape /metrics/, over plain HTTP on the
# private network.
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^metrics/$"]

# Background work as real processes: tasks wait in the database for `manage.py db_worker`
# (deploy/systemd/nashir-worker.service). NASHIR_TASKS=immediate runs them in the request.
if os.environ.get("NASHIR_TASKS", "database") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)

# Error reports to Sentry (or GlitchTip) only when SENTRY_DSN is set: nothing is sent otherwise.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "").strip()
if SENTRY_DSN:
    from nashir.ops.reporting import start_error_reporting

    start_error_reporting(SENTRY_DSN)
