import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from nashir.arabic import analyse_query

_SEPARATORS = re.compile(r"[\n,،;؛]+")


class AliasGroup(models.Model):
    """Names readers use for the same thing (قسد = قوات سوريا الديمقراطية).

    A search for any one of them also finds articles that use another. Applied when the
    query is read, so editing a group takes effect at once, without reindexing.
    """

    name = models.CharField(
        _("الاسم"), max_length=120, help_text=_("اسم للمجموعة يظهر في قائمة المرادفات فقط.")
    )
    terms = models.TextField(
        _("الأسماء المترادفة"),
        help_text=_("اسم في كل سطر، أو أسماء تفصل بينها فواصل. مثال: قسد، قوات سوريا الديمقراطية"),
    )
    # Groups nashir ships (nashir.search.default_aliases): which one this is, and a fingerprint
    # of its name and names as shipped, so an upgrade can tell whether editors changed it.
    shipped_key = models.CharField(max_length=80, blank=True, default="", editable=False)
    shipped_fingerprint = models.CharField(max_length=64, blank=True, default="", editable=False)

    panels = [FieldPanel("name"), FieldPanel("terms")]

    class Meta:
        verbose_name = _("مجموعة مرادفات")
        verbose_name_plural = _("المرادفات")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_shipped(self) -> bool:
        return bool(self.shipped_key)

    @property
    def term_list(self) -> list[str]:
        """The names, one per line or comma, blanks dropped."""
        return [t.strip() for t in _SEPARATORS.split(self.terms) if t.strip()]

    def clean(self):
        searchable = [t for t in self.term_list if analyse_query(t)]
        if len(searchable) < 2:
            raise ValidationError(
                {"terms": _("اكتب اسمين على الأقل، ولا يكفي أن يكون الاسم من حروف الجر وحدها.")}
            )


class ShippedAliasKey(models.Model):
    """A group nashir ships that this site has been given once: never given again.

    Kept when editors delete the group, so an upgrade does not bring back what they removed.
    """

    key = models.CharField(max_length=80, unique=True)
    given_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("مجموعة مرادفات مرفقة بناشر")
        verbose_name_plural = _("مجموعات المرادفات المرفقة بناشر")

    def __str__(self):
        return self.key
