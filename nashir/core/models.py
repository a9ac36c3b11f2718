import contextlib
import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from . import colours


def validate_brand_colour(value):
    """A colour readers can read as link text on white; the dark theme's shade is derived."""
    problem = colours.light_problem(value)
    if problem:
        raise ValidationError(problem)


@register_setting(icon="site")
class SiteBranding(BaseSiteSetting):
    """The masthead: what the site is called and how it looks — logo, icons, brand colour."""

    site_name = models.CharField(_("اسم الموقع"), max_length=80, default="ناشر")
    tagline = models.CharField(_("الشعار"), max_length=160, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("الشعار المصوّر"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("يظهر في رأس كل صفحة بارتفاع 40 بكسل تقريباً. إن تُرك فارغاً يُكتب اسم الموقع."),
    )
    icon = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("أيقونة الموقع"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "صورة مربعة (512×512 بكسل على الأقل) تظهر في تبويب المتصفح وعلى الشاشة الرئيسية"
            " للهاتف. إن تُركت فارغة تُرسم من الحرف الأول من اسم الموقع بلون الهوية."
        ),
    )
    brand_colour = models.CharField(
        _("لون الهوية"),
        max_length=7,
        default=colours.DEFAULT_BRAND,
        validators=[validate_brand_colour],
        help_text=_(
            "رمز اللون بعد #، مثل \u200e#b3261e\u200e. تُلوَّن به الروابط والعناوين الصغيرة والأزرار؛ يجب أن يُقرأ على"
            " الأبيض، ويُفتَّح تلقائياً في الوضع الداكن. تبقى علامة «عاجل» حمراء."
        ),
    )
    opinion_section = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("قسم الرأي"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("تظهر مقالاته في الصفحة الرئيسية مع صور كتّابها، في عمود «رأي»."),
    )

    panels = [
        FieldPanel("site_name"),
        FieldPanel("tagline"),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("icon"), FieldPanel("brand_colour")],
            heading=_("الشعار والألوان"),
        ),
        PageChooserPanel("opinion_section", page_type="news.SectionPage"),
    ]

    class Meta:
        verbose_name = _("هوية الموقع")

    @property
    def palette(self):
        return colours.brand_palette(self.brand_colour or colours.DEFAULT_BRAND)

    @property
    def has_custom_colour(self):
        return (
            colours.normalise(self.brand_colour or colours.DEFAULT_BRAND) != colours.DEFAULT_BRAND
        )

    @property
    def version(self):
        """Changes whenever the icons or the colour do: it goes into their URLs, so browsers
        fetch the new ones (the URLs are cached for a long time)."""
        parts = f"{self.pk}:{self.site_name}:{self.brand_colour}:{self.icon_id}"
        return hashlib.sha1(parts.encode()).hexdigest()[:10]

    def clean(self):
        super().clean()
        with contextlib.suppress(ValueError):  # the field's validator says why, in Arabic
            self.brand_colour = colours.normalise(self.brand_colour)
