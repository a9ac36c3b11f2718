"""The compact entry form: what a writer fills in a few seconds during an event."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.rich_text import get_rich_text_editor_widget
from wagtail.rich_text import RichText

from nashir.people.models import Author

from .models import LiveEntry

TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class QuickEntryForm(forms.ModelForm):
    """Headline (optional), one rich paragraph, author or desk, «عاجل» and pin.

    Pictures, quotes and «اقرأ أيضاً» blocks are added from the entry's full editor.
    """

    text = forms.CharField(
        label=_("نص التحديث"),
        widget=get_rich_text_editor_widget(features=TEXT_FEATURES),
        error_messages={"required": _("اكتب نص التحديث قبل نشره.")},
    )

    class Meta:
        model = LiveEntry
        fields = ["title", "author", "breaking", "pinned"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].queryset = Author.objects.order_by("-is_desk", "name")
        self.fields["author"].empty_label = _("— بلا توقيع —")

    def clean_text(self):
        value = self.cleaned_data["text"]
        from django.utils.html import strip_tags

        if not strip_tags(value).strip():
            raise forms.ValidationError(_("اكتب نص التحديث قبل نشره."))
        return value

    def save(self, page, commit=True):
        entry = super().save(commit=False)
        entry.page = page
        entry.body = [("paragraph", RichText(self.cleaned_data["text"]))]
        if commit:
            entry.save()
        return entry
