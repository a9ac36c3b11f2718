"""Database upkeep that follows the archive as it grows: planner statistics and the search index.

Without statistics SQLite assumes every table is the same size. At 100,000 articles it then
listed the six sections for the search form by walking all 100,000 pages in path order
(25 ms on every search); with ANALYZE's row counts it starts from the six sections (0.4 ms).
FTS5 keeps its index as a stack of segments that every search reads; merging them into one
('optimize') halved the time of 2- and 4-word searches at 100,000 articles.

Both are done whenever the page table has grown or shrunk by a quarter since the last time,
checked on publish, and always after a bulk load (an import, a restore, the benchmarks'
synthetic archives). PostgreSQL's autovacuum keeps its own statistics; there a forced run
after a bulk load just runs ANALYZE now rather than later.
"""

import time

from django.db import DEFAULT_DB_ALIAS, connections
from django_tasks import task

#: The table whose size stands for the archive's: every article, section and author page.
TABLE = "wagtailcore_page"
#: Upkeep is due when the table has grown or shrunk by this factor since the last run.
GROWTH = 1.25
#: Below this many pages SQLite's default guesses plan every query well; nothing is due.
MIN_PAGES = 1000
#: A process checks at most this often (a bulk publish must not count pages thousands of times).
CHECK_INTERVAL = 60.0

_last_check = {}


def _table_exists(cursor, name) -> bool:
    cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [name])
    return cursor.fetchone() is not None


def analysed_rows(connection) -> int | None:
    """How many pages the SQLite statistics were taken at (None: never analysed)."""
    with connection.cursor() as cursor:
        if not _table_exists(cursor, "sqlite_stat1"):
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s LIMIT 1", [TABLE])
        row = cursor.fetchone()
    return int(row[0].split()[0]) if row else None


def is_due(connection) -> bool:
    """True when SQLite's statistics no longer describe the archive's size."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(TABLE)}")  # noqa: S608
        pages = cursor.fetchone()[0]
    analysed = analysed_rows(connection)
    if analysed is None:
        return pages >= MIN_PAGES
    return pages > analysed * GROWTH or pages * GROWTH < analysed


def _merge_search_index(connection):
    """Merge the FTS5 search index's segments into one (Wagtail's SQLite backend only)."""
    from nashir.search.query import uses_sqlite_fts

    if not uses_sqlite_fts():
        return
    from wagtail.search.models import SQLiteFTSIndexEntry

    table = SQLiteFTSIndexEntry._meta.db_table
    with connection.cursor() as cursor:
        if _table_exists(cursor, table):
            name = connection.ops.quote_name(table)
            cursor.execute(f"INSERT INTO {name}({name}) VALUES ('optimize')")  # noqa: S608


def run(*, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Refresh statistics (and on SQLite merge the search index) if due or `force`d."""
    connection = connections[using]
    if not force and (connection.vendor != "sqlite" or not is_due(connection)):
        return False  # PostgreSQL: autovacuum keeps the statistics itself
    if connection.vendor == "sqlite":
        _merge_search_index(connection)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True


def check_now_and_then(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Queue a run() at most once per CHECK_INTERVAL per process: what a publish calls.

    The work (seconds at 100,000 articles, once per quarter of growth) happens in the
    background worker in production, not in the editor's request.
    """
    now = time.monotonic()
    if now - _last_check.get(using, -CHECK_INTERVAL) < CHECK_INTERVAL:
        return False
    _last_check[using] = now
    database_upkeep.enqueue(using)
    return True


@task()
def database_upkeep(using):
    """Refresh planner statistics and merge the search index if the archive grew enough."""
    return run(using=using)
