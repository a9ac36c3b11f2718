"""After «نشر», «موافقة ونشر», «جدولة للنشر»…: a message in Arabic saying what happened.

Wagtail ends an approval in the editor with «تم تحديث الصفحة» (it only knows the form was
saved), and a schedule without its time. These hooks replace its message with the outcome as
the page now stands: published, scheduled (and when), approved and published, sent back.
"""

from django.contrib import messages
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.models import Page

#: How a message names a page of each type, and whether the verbs agree in the feminine.
NOUNS = {"articlepage": ("المقال", False), "sectionpage": ("القسم", False)}
DEFAULT_NOUN = ("الصفحة", True)


def _forms(feminine, masculine_form, feminine_form):
    return feminine_form if feminine else masculine_form


def outcome_message(page, action):
    """The sentence for what `action` did to `page`, as it stands after the action."""
    noun, fem = NOUNS.get(page._meta.model_name, DEFAULT_NOUN)
    title = f"{noun} «{page.get_admin_display_title()}»"
    scheduled = page.scheduled_revision
    when = ""
    if scheduled is not None and scheduled.approved_go_live_at:
        when = date_format(timezone.localtime(scheduled.approved_go_live_at), "DATETIME_FORMAT")

    if action == "approve":
        if when:
            verb = _forms(fem, "وجُدول", "وجُدولت")
            return f"تمت الموافقة على {title} {verb} للنشر في {when}."
        if page.live and not page.has_unpublished_changes:
            return f"تمت الموافقة على {title} {_forms(fem, 'ونشره', 'ونشرها')}."
        return f"تمت الموافقة على {title}."
    if action == "reject":
        verb = _forms(fem, "أُعيد", "أُعيدت")
        return f"{verb} {title} إلى {_forms(fem, 'كاتبه', 'كاتبها')} مع طلب تغييرات."
    if action == "submit":
        verb = _forms(fem, "أُرسل", "أُرسلت")
        return f"{verb} {title} إلى «مراجعة التحرير»؛ يصل المحررين بريد بذلك."
    if action == "publish":
        if when and page.live:
            return f"{title} منشور، وجُدولت نسخته الجديدة للنشر في {when}."
        if when:
            return f"{_forms(fem, 'جُدول', 'جُدولت')} {title} للنشر في {when}."
        return f"{_forms(fem, 'نُشر', 'نُشرت')} {title} على الموقع."
    if page.live:
        return f"حُفظت تعديلاتك على {title} مسودةً؛ النسخة المنشورة لم تتغير."
    return f"{_forms(fem, 'حُفظ', 'حُفظت')} {title} مسودةً."


def _action(request):
    post = request.POST
    if post.get("action-workflow-action"):
        return post.get("workflow-action-name", "")
    if post.get("action-publish"):
        return "publish"
    if post.get("action-submit"):
        return "submit"
    if post.get("action-unpublish") or post.get("action-cancel-workflow"):
        return ""
    return "save"


def _replace_last_success(request, text, buttons):
    """Swap the message Wagtail just queued for ours; any others (a lock notice) stay."""
    queued = list(messages.get_messages(request))
    last = max((i for i, m in enumerate(queued) if m.level == messages.SUCCESS), default=None)
    for index, message in enumerate(queued):
        if index != last:
            messages.add_message(request, message.level, message.message, message.extra_tags)
    admin_messages.success(request, text, buttons=buttons)


def _buttons(page):
    buttons = []
    if page.live and page.url:
        buttons.append(admin_messages.button(page.url, "عرض على الموقع", new_window=False))
    buttons.append(
        admin_messages.button(reverse("wagtailadmin_pages:edit", args=[page.pk]), "تحرير")
    )
    return buttons


def say_what_happened(request, page):
    if request.method != "POST" or not request.accepts("text/html"):
        return None  # a background autosave queues no message
    action = _action(request)
    if action not in ("approve", "reject", "submit", "publish", "save"):
        return None
    page = Page.objects.get(pk=page.pk).specific  # as the action left it (publish, workflow)
    _replace_last_success(request, outcome_message(page, action), _buttons(page))
    return None


hooks.register("after_edit_page", say_what_happened)
hooks.register("after_create_page", say_what_happened)
