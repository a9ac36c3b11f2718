from django import forms
from django.core.validators import URLValidator

from .models import Comment
from .text import clean_body, clean_line

REQUIRED = "هذا الحقل مطلوب."


class CommentForm(forms.Form):
    """The «اترك تعليقاً» form: what the reader typed is cleaned, never trusted."""

    name = forms.CharField(
        label="الاسم",
        max_length=80,
        error_messages={"required": "اكتب اسمك.", "max_length": "الاسم أطول من 80 حرفاً."},
    )
    email = forms.EmailField(
        label="البريد الإلكتروني",
        max_length=254,
        error_messages={
            "required": "اكتب بريدك الإلكتروني؛ لن يُنشر.",
            "invalid": "هذا العنوان لا يبدو بريداً إلكترونياً صحيحاً، مثل name@example.com.",
            "max_length": "البريد الإلكتروني أطول من المسموح.",
        },
    )
    url = forms.URLField(
        label="الموقع",
        required=False,
        max_length=200,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        error_messages={
            "invalid": "اكتب رابطاً كاملاً يبدأ بـ https://، أو اترك الحقل فارغاً.",
            "max_length": "الرابط أطول من 200 حرف.",
        },
    )
    body = forms.CharField(
        label="التعليق",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={
            "required": "اكتب تعليقك.",
            "max_length": "التعليق أطول من 5000 حرف؛ اختصره قليلاً.",
        },
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    stamp = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people (CSS and aria-hidden), filled in by naive bots.
    phone = forms.CharField(required=False, label="لا تملأ هذا الحقل")

    def __init__(self, *args, article, **kwargs):
        self.article = article
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = clean_line(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError("اكتب اسمك.")
        return name

    def clean_email(self):
        return clean_line(self.cleaned_data["email"]).lower()

    def clean_url(self):
        return clean_line(self.cleaned_data["url"])

    def clean_body(self):
        body = clean_body(self.cleaned_data["body"])
        if len(body) < 2:
            raise forms.ValidationError("التعليق قصير جداً.")
        return body

    def clean_parent(self):
        """A reply must answer a published comment on the same article."""
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = (
            Comment.objects.approved()
            .filter(pk=parent_id, article_id=self.article.pk)
            .only("pk", "article_id")
            .first()
        )
        if parent is None:
            raise forms.ValidationError("التعليق الذي تردّ عليه لم يعد متاحاً.")
        return parent
