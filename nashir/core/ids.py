"""Ids read from addresses and forms: ASCII digits within what the database column holds.

`str.isdigit()` accepts "²" and "٣" and Python's `int()` reads any length, so an id taken
straight from a URL or a query string can crash a query (a ValueError, or an integer the
database cannot hold). These give "no such id" instead, which views answer with a 404.
"""

import re

from django.db import connection

DIGITS = re.compile(r"[0-9]{1,20}")
#: Pages have 32-bit ids (Wagtail's AutoField): the widest id a page address can carry.
MAX_PAGE_ID = 2**31 - 1


def id_range(model):
    """The lowest and highest primary key the database can store for `model`."""
    field = model._meta.pk
    while field.remote_field is not None:  # a page's pk is its link to wagtailcore.Page
        field = field.target_field
    return connection.ops.integer_field_range(field.get_internal_type())


def parse_id(value, model):
    """`value` as a primary key of `model`, or None when it cannot be one."""
    if not isinstance(value, str) or not DIGITS.fullmatch(value):
        return None
    number = int(value)
    low, high = id_range(model)
    if (low is not None and number < low) or (high is not None and number > high):
        return None
    return number


class PageIdConverter:
    """``<page_id:article_id>``: an id a page can have; any other number is no match (404)."""

    regex = "[0-9]{1,10}"

    def to_python(self, value):
        number = int(value)
        if number > MAX_PAGE_ID:
            raise ValueError("not a page id")
        return number

    def to_url(self, value):
        return str(value)
