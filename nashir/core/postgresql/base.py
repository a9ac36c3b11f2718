"""Django's PostgreSQL backend, with JSON sent to the server as UTF-8 rather than ASCII escapes.

Django hands JSON values (StreamField bodies, revisions, settings) to psycopg encoded by
``json.dumps``, whose default ``ensure_ascii`` writes every Arabic letter as a six-character
``\\uXXXX`` escape: an Arabic body goes over the wire about six times its size. Worse, in a
``bulk_create`` Django sends each column as one array (``INSERT … SELECT * FROM UNNEST(…)``),
and psycopg escapes array elements client-side with a regular expression that runs once per
backslash: 500 article bodies took seconds to quote (docs/wordpress.md «Speed»). Written as UTF-8
the same JSON is stored identically (``jsonb`` keeps no trace of how it was escaped), is a sixth
of the bytes, and quotes in milliseconds.
"""

import json
from functools import partial

from django.db.backends.postgresql import base, operations
from psycopg.types.json import Jsonb


class DatabaseOperations(operations.DatabaseOperations):
    def adapt_json_value(self, value, encoder):
        return Jsonb(value, dumps=partial(json.dumps, cls=encoder, ensure_ascii=False))


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
