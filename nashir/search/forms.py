from django import forms
from django.utils.translation import gettext_lazy as _

from nashir.news.models import SectionPage
from nashir.people.models import Author


class SearchForm(forms.Form):
    """The query and its filters; anything malformed is dropped, never an error page."""

    q = forms.CharField(label=_("ابحث في الموقع"), required=False)
    section = forms.ModelChoiceField(
        label=_("القسم"),
        queryset=SectionPage.objects.live().order_by("path"),
        required=False,
        empty_label=_("كل الأقسام"),
        to_field_name="slug",
    )
    author = forms.ModelChoiceField(
        label=_("الكاتب"),
        queryset=Author.objects.all(),
        required=False,
        empty_label=_("كل الكتّاب"),
        to_field_name="slug",
    )
    date_from = forms.DateField(
        label=_("من تاريخ"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("إلى تاريخ"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def filters(self) -> dict:
        """The valid filters only: a bad date or an unknown section is ignored."""
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name != "q" and value not in (None, "")
        }
