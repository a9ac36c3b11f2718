"""Revision compare («مقارنة») shows yes/no, dates and empty values as editors read them.

Wagtail compares these fields by their Python text: «خبر عاجل: FalseTrue», «عاجل حتى:
None2026-12-01 10:00:00+00:00». Registered for boolean and date fields at start-up.
"""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from wagtail.admin.compare import FieldComparison, TextDiff, register_comparison_class

EMPTY = "—"


def display_value(value):
    if value is None or value == "":
        return EMPTY
    if value is True:
        return "نعم"
    if value is False:
        return "لا"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, datetime.time):
        return date_format(value, "TIME_FORMAT")
    return str(value)


class DisplayValueComparison(FieldComparison):
    """Old and new value as displayed text, the old struck out and the new marked added."""

    def htmldiff(self):
        old, new = display_value(self.val_a), display_value(self.val_b)
        if self.val_a == self.val_b:
            return escape(old)
        return TextDiff([("deletion", old), ("addition", new)], separator=" ← ").to_html()


def register_display_comparisons():
    for field_class in (
        models.BooleanField,
        models.DateTimeField,
        models.DateField,
        models.TimeField,
    ):
        register_comparison_class(field_class, comparison_class=DisplayValueComparison)
