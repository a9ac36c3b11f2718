"""Fast and isolated: in-memory cache, quick hashing, immediate tasks, no outbound mail."""

import os
import tempfile
from pathlib import Path

# `make test` runs the suite in two processes (pytest-xdist): each gets a Redis database of its
# own (REDIS_URL's number plus the worker's), or one process's cache.clear() would empty the
# other's cache in the middle of a test. Set before base.py reads REDIS_URL.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and os.environ.get("REDIS_URL"):
    _base, _, _number = os.environ["REDIS_URL"].rpartition("/")
    os.environ["REDIS_URL"] = f"{_base}/{int(_number or 0) + int(_worker[2:])}"

from .base import *  # noqa: E402, F403
from .base import CACHES, REDIS_URL  # noqa: E402

DEBUG = False
SECRET_KEY = "nashir-tests"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Django's test client logs in without a request, which django-axes refuses; the throttling
# tests turn it back on (nashir/ops/tests/test_login_throttle.py).
AXES_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if not REDIS_URL:
    CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
NASHIR_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"

# Each test run gets its own page-cache folder.
NASHIR_PAGE_CACHE_DIR = Path(tempfile.mkdtemp(prefix="nashir-pagecache-"))
