from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class SiteBranding(BaseSiteSetting):
    """The masthead: what the site is called and how it looks in the header."""

    site_name = models.CharField(_("اسم الموقع"), max_length=80, default="ناشر")
    tagline = models.CharField(_("الشعار"), max_length=160, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("الشعار المصوّر"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("site_name"), FieldPanel("tagline"), FieldPanel("logo")]

    class Meta:
        verbose_name = _("هوية الموقع")

    def save(self, *args, **kwargs):
        changed = not self._state.adding  # the first read creates the row: nothing to purge
        super().save(*args, **kwargs)
        if changed:
            from . import pagecache

            pagecache.purge("site")  # the masthead is on every page


class CachedPage(models.Model):
    """A page held in the page cache, by its file under NASHIR_PAGE_CACHE_DIR; or a fragment
    of one (`pagecache.fragment`), kept in `content` so that it lives and dies with this row
    (zlib-compressed JSON: an article's parts are ~20 KB, ~5 KB compressed)."""

    path = models.CharField(max_length=600, unique=True)
    created_at = models.DateTimeField(auto_now=True)
    content = models.BinaryField(blank=True, default=b"")

    class Meta:
        verbose_name = _("صفحة مخزّنة")

    def __str__(self):
        return self.path

    @classmethod
    def remember(cls, path, keys, content=b""):
        page, _ = cls.objects.update_or_create(path=path, defaults={"content": content})
        page.dependencies.all().delete()
        CacheDependency.objects.bulk_create(
            [CacheDependency(page=page, key=key) for key in sorted(keys)]
        )


class CacheDependency(models.Model):
    """What a cached page shows: purging a key removes every page that depends on it."""

    page = models.ForeignKey(CachedPage, on_delete=models.CASCADE, related_name="dependencies")
    key = models.CharField(max_length=80, db_index=True)

    class Meta:
        verbose_name = _("اعتمادية صفحة مخزّنة")

    def __str__(self):
        return f"{self.page} ← {self.key}"
