"""Fast and isolated: in-memory cache, quick hashing, immediate tasks, no outbound mail."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import REDIS_URL

DEBUG = False
SECRET_KEY = "nashir-tests"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Django's test client logs in without a request, which django-axes refuses; the throttling
# tests turn it back on (nashir/ops/tests/test_login_throttle.py).
AXES_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if not REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
NASHIR_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"

# Each test run gets its own page-cache folder.
NASHIR_PAGE_CACHE_DIR = Path(tempfile.mkdtemp(prefix="nashir-pagecache-"))
