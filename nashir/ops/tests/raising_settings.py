"""Production settings with a failing view (nashir.ops.tests.raising_urls), for gunicorn runs."""

from nashir.settings.production import *  # noqa: F403

ROOT_URLCONF = "nashir.ops.tests.raising_urls"
# No collectstatic in a test: the error page's stylesheet link needs no manifest.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
