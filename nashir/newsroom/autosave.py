"""Autosave of a new page waits for real content: a headline alone creates nothing.

Wagtail 8 saves the editor's form in the background as soon as it changes. On the «new
article» screen that first save *creates* the page, so opening «إضافة صفحة فرعية» and typing a
headline used to leave a draft in the section, and every abandoned attempt piled up there.
A new page is now created in the background only once it has text of its own beyond the
headline (a summary, an intro, a paragraph); before that the editor's «حفظ المسودة» still
creates it at once, and leaving the screen warns about unsaved changes as before.
"""

from django.db.models import TextField
from django.http import JsonResponse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.fields import StreamField
from wagtail.models import Page

PUBLISH_ACTIONS = ("action-publish", "action-submit")


def is_background_save(request):
    """Wagtail's autosave posts the form asking for JSON; the editor's buttons ask for HTML."""
    return (
        request.method == "POST"
        and not request.accepts("text/html")
        and not any(request.POST.get(action) for action in PUBLISH_ACTIONS)
    )


def _texts(value):
    """Every string in a StreamField's raw data (rich text, headings, captions…)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def has_real_content(page):
    """A headline and some text of the page's own: a long text field or a StreamField block."""
    if not (page.title or "").strip():
        return False
    for field in type(page)._meta.concrete_fields:
        if field.model is Page:
            continue
        value = getattr(page, field.attname, None)
        if isinstance(field, StreamField) and value is not None:
            if any(strip_tags(text).strip() for text in _texts(list(value.raw_data))):
                return True
        elif isinstance(field, TextField) and strip_tags(value or "").strip():
            return True
    return False


@hooks.register("before_create_page")
def hold_autosave_until_there_is_content(request, parent_page, page_class):
    if not is_background_save(request):
        return None
    form_class = page_class.get_edit_handler().get_form_class()
    form = form_class(
        request.POST,
        request.FILES,
        instance=page_class(),
        parent_page=parent_page,
        for_user=request.user,
    )
    form.defer_required_fields()
    if not form.is_valid():
        return None  # Wagtail answers with its own validation error
    if has_real_content(form.save(commit=False)):
        return None
    return JsonResponse(
        {
            "success": False,
            "error_code": "validation_error",
            "error_message": _(
                "يبدأ الحفظ التلقائي بعد كتابة الملخص أو أول فقرة؛ "
                "لحفظ المسودة الآن اضغط «حفظ المسودة»."
            ),
        },
        status=400,
    )
