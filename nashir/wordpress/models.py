from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedSite(models.Model):
    """One WordPress site imported into nashir: where its old addresses answer, how far it got.

    ``site`` is the nashir Site its redirects belong to, so two WordPress sites imported into
    one nashir keep their own ``/?p=123`` (answered by host name). ``finished_at`` is when a
    run last completed its end work (search index, related lists, page cache): anything
    written after it — by a run stopped half-way — is finished by the next run.
    """

    source = models.CharField(_("موقع ووردبريس"), max_length=255, unique=True)
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("موقع ناشر"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("بداية آخر استيراد"), null=True)
    finished_at = models.DateTimeField(_("نهاية آخر استيراد مكتمل"), null=True)

    class Meta:
        verbose_name = _("موقع ووردبريس مستورد")
        verbose_name_plural = _("مواقع ووردبريس المستوردة")

    def __str__(self):
        return self.source


class ImportedItem(models.Model):
    """What one WordPress object became in nashir, so running the import again updates it.

    ``site`` is the export's base_site_url: two WordPress sites imported into one nashir keep
    their ids apart. ``checksum`` is a digest of what the import wrote last time; an unchanged
    item is skipped on the next run.
    """

    class Kind(models.TextChoices):
        AUTHOR = "author", _("كاتب")
        CATEGORY = "category", _("تصنيف")
        TAG = "tag", _("وسم")
        POST = "post", _("مقال")
        ATTACHMENT = "attachment", _("مرفق")
        COMMENT = "comment", _("تعليق")
        PAGE = "page", _("صفحة")

    site = models.CharField(_("موقع ووردبريس"), max_length=255)
    kind = models.CharField(_("النوع"), max_length=20, choices=Kind.choices)
    wp_key = models.CharField(
        _("المعرّف في ووردبريس"),
        max_length=255,
        help_text=_("رقم المادة، أو اسم الدخول للكتّاب."),
    )
    object_id = models.PositiveBigIntegerField(_("رقم الكائن في ناشر"))
    checksum = models.CharField(max_length=64, blank=True)
    source_checksum = models.CharField(
        max_length=64,
        blank=True,
        help_text="Digest of the WordPress item as exported, when everything in it was resolved: "
        "the same digest next time means nothing to convert again.",
    )
    imported_at = models.DateTimeField(_("أول استيراد"), auto_now_add=True)
    updated_at = models.DateTimeField(_("آخر تحديث"), auto_now=True)

    class Meta:
        verbose_name = _("مادة مستوردة")
        verbose_name_plural = _("المواد المستوردة")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "kind", "wp_key"], name="wordpress_unique_imported_item"
            )
        ]

    def __str__(self):
        return f"{self.site} {self.kind} {self.wp_key} → {self.object_id}"
