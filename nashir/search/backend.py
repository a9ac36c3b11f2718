"""The search backend: Wagtail's database backend (SQLite FTS5 or PostgreSQL), with one cost
taken out of writing to it.

After every chunk it writes, Wagtail's index recomputes the average headline length over the
whole index table and scans the whole table for the rows whose «title norm» is still unset
(`_refresh_title_norms`). Each chunk therefore costs as much as the archive is large: indexing
N articles in chunks takes N² time. Measured with `make bench-search`: 97 s per 10,000
articles at 2,000 articles, 805 s per 10,000 at 100,000; on SQLite the scan also reads every
row's body, which lies before the norm in the row. Here a chunk sets the norms of its own rows
only (found by the unique (content type, object id) index), against the average headline
length of the newest `NORM_SAMPLE` entries that have one — exact below that size, a sample's
average above it. `update_index` and rebuilds still refresh every row (`full=True`) as Wagtail
does.

The norm only weighs headlines in Wagtail's own ranking (the admin's search); readers' search
ranks with nashir.search.query.

Wagtail's index also asks each object for every search field's value several times (on
PostgreSQL five: for the title, body and autocomplete vectors and the title and body texts;
on SQLite three), and nashir's fields are analysed Arabic text: fields built with
`ComputedOnce` (nashir.core.indexing) give their value once per object per write (the index
step of an import spent two thirds of its time analysing the same article five times).
"""

from django.db.models import Avg, F
from django.db.models.functions import Length
from modelsearch.backends import database
from modelsearch.utils import get_content_type_pk

from nashir.core.indexing import values_computed_once

#: The average headline length is taken over this many of the newest entries with a headline.
NORM_SAMPLE = 5000


class ChunkTitleNorms:
    """Mixed into the backend's index class: title norms for the rows a chunk wrote, and
    each field's value computed once per object (`ComputedOnce`)."""

    _chunk = None

    def add_items(self, model, objs):
        objs = list(objs)
        self._chunk = (get_content_type_pk(model), [str(obj.pk) for obj in objs])
        try:
            with values_computed_once():
                super().add_items(model, objs)
        finally:
            self._chunk = None

    def _refresh_title_norms(self, full=False):
        if full or self._chunk is None:
            return super()._refresh_title_norms(full=full)
        content_type, object_ids = self._chunk
        titled = self.entries.annotate(title_length=Length("title")).filter(title_length__gt=0)
        newest = titled.order_by("-pk").values("pk")[:NORM_SAMPLE]
        lavg = titled.filter(pk__in=newest).aggregate(Avg("title_length"))["title_length__avg"]
        if not lavg:
            return
        for start in range(0, len(object_ids), 500):  # SQLite's limit on query parameters
            self.entries.filter(
                content_type_id=content_type,
                object_id__in=object_ids[start : start + 500],
                title_norm=1.0,
            ).annotate(title_length=Length("title")).filter(title_length__gt=0).update(
                title_norm=lavg / F("title_length")
            )


_index_classes = {}


def _with_chunk_norms(index_class):
    if index_class not in _index_classes:
        _index_classes[index_class] = type(index_class.__name__, (ChunkTitleNorms, index_class), {})
    return _index_classes[index_class]


def SearchBackend(params):  # noqa: N802 — the name Wagtail looks up in a backend's module
    """The database backend for the default database's engine, as Wagtail would choose it."""
    backend = database.SearchBackend(params)
    if hasattr(backend.index_class, "_refresh_title_norms"):
        backend.index_class = _with_chunk_norms(backend.index_class)
    return backend
