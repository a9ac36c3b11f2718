"""The related lists' full rebuild in a second process, beside other work.

A large import's end has two long jobs that share nothing but the articles they read: the
search index and the related lists (nashir.related.bulk.rebuild). On a machine with two cores
they run at once, each in its own process, each writing in short transactions (so SQLite's
single writer is taken in turns). This module imports nothing of Django's models at the top:
the second process starts clean (spawn) and loads them only once Django is set up.
"""

import logging
import multiprocessing
import os

from django.db import connection

log = logging.getLogger(__name__)


class RebuildBeside:
    """`rebuild()` in a second process, while this one does other work (an import's search
    index); `wait()` says whether it succeeded. Nothing depends on it: when the database
    cannot be shared with another process (SQLite in memory, an open transaction whose rows
    the other process would not see) or the machine has one core, `start()` returns False
    and the caller rebuilds in its own process; so it does when `wait()` says the second
    process failed (logged, with its exit code)."""

    def __init__(self):
        self.process = None

    def start(self):
        shareable = not connection.in_atomic_block and not (
            connection.vendor == "sqlite" and connection.is_in_memory_db()
        )
        if not shareable or (os.cpu_count() or 1) < 2:
            return False
        # spawn: a clean process with a connection of its own (a forked one would share
        # this process's socket or file handle).
        self.process = multiprocessing.get_context("spawn").Process(
            target=_rebuild_in_child,
            args=(connection.settings_dict["NAME"],),
            name="nashir-related-rebuild",
            daemon=True,
        )
        self.process.start()
        return True

    def wait(self):
        if self.process is None:
            return False
        self.process.join()
        code, self.process = self.process.exitcode, None
        if code != 0:
            log.warning("Rebuilding related lists in a second process failed (exit code %s).", code)
        return code == 0


def _rebuild_in_child(database_name):
    import django  # DJANGO_SETTINGS_MODULE comes with the environment

    django.setup()
    from django.db import connections

    from .bulk import rebuild

    connections["default"].settings_dict["NAME"] = database_name  # a test database's name
    rebuild()
