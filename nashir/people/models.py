from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import RevisionMixin
from wagtail.search import index

from nashir.arabic import initials
from nashir.pagecache import Key


class Author(RevisionMixin, index.Indexed, models.Model):
    """A byline: a person, or a desk such as «فريق التحرير»."""

    name = models.CharField(_("الاسم"), max_length=120)
    slug = models.SlugField(
        _("المعرّف في الرابط"),
        max_length=120,
        unique=True,
        allow_unicode=True,
        help_text=_("يظهر في رابط صفحة الكاتب: /author/<المعرّف>/"),
    )
    role = models.CharField(_("الصفة"), max_length=120, blank=True)
    bio = models.TextField(_("نبذة"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("الصورة"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_desk = models.BooleanField(
        _("توقيع جماعي"),
        default=False,
        help_text=_("مثل «فريق التحرير»: يظهر بلا صورة شخصية."),
    )
    email = models.EmailField(
        _("البريد الإلكتروني"), blank=True, help_text=_("للتواصل الداخلي، لا يُنشر أبداً.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("is_desk"),
        FieldPanel("email"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("كاتب")
        verbose_name_plural = _("الكتّاب")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("author", kwargs={"slug": self.slug})

    @property
    def initials(self):
        """Two letters for the avatar when there is no photo."""
        return initials(self.name)

    def page_cache_keys(self):
        """A changed name, bio or photo shows on the author's page, their articles' bylines and
        author boxes, and the search filter listing authors."""
        return {Key.author(self), Key.AUTHORS}
