"""The page cache's index: what is kept, and which dependency keys each depends on.

Rows are cheap to lose: a missing row only means a page is rendered again. The files
themselves live on the disk of the machine that serves them (`files.py`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CachedPage(models.Model):
    """A response kept for anonymous readers: a file of the files tier, and/or an address a
    shared cache in front of nashir holds (purged there by address when it cannot purge by key)."""

    url = models.CharField(max_length=600, unique=True)
    file = models.CharField(max_length=600, blank=True)
    stored_at = models.DateTimeField(auto_now=True, db_index=True)
    #: A purge could not delete the file (read-only or broken disk): no tier serves kept pages
    #: until every such file is gone (`files.stale_marker`).
    stuck = models.BooleanField(default=False, db_index=True)

    class Meta:
        verbose_name = _("صفحة مخزّنة")
        verbose_name_plural = _("صفحات مخزّنة")

    def __str__(self):
        return self.url


class CachedPageKey(models.Model):
    page = models.ForeignKey(CachedPage, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=80, db_index=True)

    class Meta:
        verbose_name = _("اعتمادية صفحة مخزّنة")

    def __str__(self):
        return f"{self.page} ← {self.key}"


class KeptPart(models.Model):
    """Rendered parts of a page (an article's text, related list, comments; a feed body),
    reused until something they show changes: zlib-compressed JSON of HTML strings."""

    name = models.CharField(max_length=300, unique=True)
    content = models.BinaryField()
    stored_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("جزء محفوظ من صفحة")
        verbose_name_plural = _("أجزاء محفوظة من الصفحات")

    def __str__(self):
        return self.name


class KeptPartKey(models.Model):
    part = models.ForeignKey(KeptPart, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=80, db_index=True)

    class Meta:
        verbose_name = _("اعتمادية جزء محفوظ")

    def __str__(self):
        return f"{self.part} ← {self.key}"


def remember(model, key_model, lookup, values, keys):
    """Create or replace one index row with its keys."""
    row, _ = model.objects.update_or_create(**lookup, defaults=values)
    fk = "page" if key_model is CachedPageKey else "part"
    key_model.objects.filter(**{fk: row}).delete()
    key_model.objects.bulk_create([key_model(**{fk: row, "key": key}) for key in sorted(keys)])
    return row
