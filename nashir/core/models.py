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
