import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM is still safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium when installed (make test installs it), else Playwright's own."""
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    system_chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if os.path.exists(system_chromium):
        args["executable_path"] = system_chromium
    return args


@pytest.fixture(autouse=True)
def fresh_cache(settings, tmp_path):
    """Each test starts with an empty cache and page-cache folder (pages, rate limits, fragments)."""
    from django.core.cache import cache

    settings.NASHIR_PAGE_CACHE_DIR = tmp_path / "pagecache"
    cache.clear()
    yield


@pytest.fixture
def media_on_disk(settings, tmp_path):
    """Real files for uploaded images, so a browser can load them from the live server."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return settings.MEDIA_ROOT


@pytest.fixture
def home(db):
    from nashir.news.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def section(home):
    from nashir.news.tests.factories import make_section

    return make_section(home, "سوريا", "syria")
