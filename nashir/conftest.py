import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer

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
    from django.core.cache import cache, caches

    from nashir.pagecache.faults import forget as forget_faults
    from nashir.pagecache.fragments import forget_local

    settings.NASHIR_PAGE_CACHE_DIR = tmp_path / "pagecache"
    cache.clear()
    caches["renditions"].clear()  # image ids come back in the next test's database
    forget_local()
    forget_faults()
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


def _uses_demo_site(item):
    return "demo_site" in getattr(item, "fixturenames", ())


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """pytest-django's test database, plus a snapshot of its migrated content when a module
    shares one demo newsroom (`demo_site`) or a test empties the database (a transactional
    test), and no test asked pytest-django for one."""
    from django.db import connection

    if (
        any(_uses_demo_site(item) or _is_transactional(item) for item in request.session.items)
        and _is_test_database(connection)
        and getattr(connection, "_test_serialized_contents", None) is None
    ):
        with django_db_blocker.unblock():
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    yield


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & {"transactional_db", "live_server", "django_db_reset_sequences"})


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Under pytest-xdist, put the migrated content (the home page, the Site…) back after a
    transactional test, which leaves the database empty.

    In one process pytest-django runs transactional tests after all the others; in several
    (`make test`), each process runs whole files in the order it is given them, so a test that
    needs the migrated content may come after one that emptied the database."""
    result = yield
    # After the session's last test the test database is gone (and the connection names the
    # real one): nothing to put back.
    if nextitem is not None and os.environ.get("PYTEST_XDIST_WORKER") and _is_transactional(item):
        from django.db import connection
        from pytest_django.plugin import blocking_manager_key

        snapshot = getattr(connection, "_test_serialized_contents", None)
        if (
            snapshot is not None
            and not _uses_demo_site(item)  # demo_site restores it itself
            and _is_test_database(connection)
        ):
            with item.config.stash[blocking_manager_key].unblock():
                if not _has_migrated_content():
                    connection.creation.deserialize_db_from_string(snapshot)
                    _reset_sequences(connection)
    return result


def _has_migrated_content():
    from wagtail.models import Site

    return Site.objects.exists()


def _is_test_database(connection):
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite":
        return connection.is_in_memory_db() or Path(name).name.startswith("test")
    return name.startswith("test_")


@pytest.fixture(scope="module")
def demo_site(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """A live server with the demo newsroom, loaded once for a whole module of browser tests.

    Loading the demo takes seconds, too long to repeat for every test of a module. So the module
    shares one copy (tests clean up what they add), and at the end the database is emptied and its
    migrated content restored, as TransactionTestCase(serialized_rollback=True) does per test.
    """
    from io import StringIO

    from django.conf import settings as django_settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings, setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup
    from pytest_django.live_server_helper import LiveServer

    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock():
        # pytest-django makes the test database only when a selected test asks for `db`; a run
        # of browser tests alone (-m browser) may have none, so make it here then.
        own_databases = None
        if "default" not in _get_databases_for_setup(request.session.items)[0]:
            own_databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        if not _is_test_database(connection):
            pytest.fail(f"refusing to load the demo into {connection.settings_dict['NAME']}")
        # The migrated content, as the database was made: transactional tests that ran before
        # (pytest-django runs them ahead of this module) leave it emptied.
        snapshot = getattr(connection, "_test_serialized_contents", None)
        if snapshot is None:
            snapshot = connection.creation.serialize_db_to_string()
        else:
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(snapshot)
            _reset_sequences(connection)
        files = override_settings(
            MEDIA_ROOT=str(media),
            STORAGES={
                **django_settings.STORAGES,
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            },
        )
        files.enable()
        server = None
        try:
            call_command("load_demo", stdout=StringIO())
            server = LiveServer("localhost", start=False)
            if server.thread.connections_override:
                server.thread.server_class = OneRequestAtATime
            server.start()
            server._live_server_modified_settings.enable()
            yield server
        finally:
            if server:
                server._live_server_modified_settings.disable()
                server.thread.terminate()
                # Let the last request threads close their (shared) connection before it is
                # taken back from them.
                time.sleep(0.5)
                for conn in server.thread.connections_override.values():
                    conn.dec_thread_sharing()
            files.disable()
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(snapshot)
            _reset_sequences(connection)  # the next test's new rows must not take restored ids
            if own_databases is not None:
                teardown_databases(own_databases, verbosity=0)


class OneRequestAtATime(ThreadedWSGIServer):
    """The live server for an in-memory SQLite database, which every request thread shares as
    one connection: two requests at once (the admin's preview POST and its iframe's GET) would
    meet inside one transaction («cannot start a transaction within a transaction»). Requests
    still arrive on threads (a browser's idle keep-alive blocks nothing) but run one at a time."""

    def set_app(self, application):
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                result = application(environ, start_response)
                try:
                    body = b"".join(result)
                finally:
                    if hasattr(result, "close"):
                        result.close()
            return [body]

        super().set_app(one_at_a_time)


def _reset_sequences(connection):
    """PostgreSQL: rows restored with their ids leave the id sequences behind; move them on."""
    from django.apps import apps
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
