"""Dates as an Arabic reader expects them: the Hijri date beside the Gregorian one."""

import datetime

from django import template
from django.conf import settings
from django.utils import timezone
from hijridate import Gregorian

register = template.Library()

HIJRI_MONTHS = (
    "محرم",
    "صفر",
    "ربيع الأول",
    "ربيع الآخر",
    "جمادى الأولى",
    "جمادى الآخرة",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو القعدة",
    "ذو الحجة",
)


def hijri_date(value):
    """«19 جمادى الآخرة 1448 هـ» for a date or datetime (in the newsroom's time zone), or ""
    when the setting is off or the date is outside the calendar's table (1924–2077)."""
    if not value or not getattr(settings, "NASHIR_SHOW_HIJRI", True):
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    try:
        hijri = Gregorian(value.year, value.month, value.day).to_hijri()
    except (OverflowError, ValueError):
        return ""
    return f"{hijri.day} {HIJRI_MONTHS[hijri.month - 1]} {hijri.year} هـ"


register.filter("hijri", hijri_date)
