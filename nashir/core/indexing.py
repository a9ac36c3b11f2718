"""Search field values computed once per object while the search backend writes a chunk.

Wagtail's index asks each object for every search field's value several times (on PostgreSQL
five: for the title, body and autocomplete vectors and the title and body texts; on SQLite
three), and nashir's fields are analysed Arabic text: fields built with `ComputedOnce` give
their value once per object per write. nashir.search.backend opens the write
(`values_computed_once()`); the newsroom's models build their fields with the mixin. It lives
here, below both, so that neither imports the other.
"""

import contextlib
import contextvars

#: While a chunk is written: (object id, field name) → (object, value). The object is held so
#: that its id cannot be reused by another object within the write.
_values_of_this_write = contextvars.ContextVar("nashir_search_values", default=None)


class ComputedOnce:
    """Mixed into a search field: its value is computed once per object while a chunk is
    written to the index, however many times Wagtail's indexer asks for it."""

    def get_value(self, obj):
        values = _values_of_this_write.get()
        if values is None:
            return super().get_value(obj)
        key = (id(obj), self.field_name)
        if key not in values:
            values[key] = (obj, super().get_value(obj))
        return values[key][1]


@contextlib.contextmanager
def values_computed_once():
    token = _values_of_this_write.set({})
    try:
        yield
    finally:
        _values_of_this_write.reset(token)
