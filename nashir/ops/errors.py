"""Error answers: every refused request gets an Arabic page (or JSON from the API), and every
500 is logged with its traceback and request id before the reader sees an apology.

Django calls these as ``handler400``/``handler403``/``handler500`` (``nashir/urls.py``). The pages
use the site's layout where they can; when that fails too (the database is what broke), a
standalone page, and as a last resort a fixed string: an error page must never raise.
"""

import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from .requestid import current_request_id

logger = logging.getLogger(__name__)

PAGES = {
    400: (
        "طلب غير صالح",
        [
            "تعذّر علينا فهم هذا الطلب: قد يكون الرابط ناقصاً أو فيه أحرف غير صالحة.",
            "تحقق من الرابط أو ارجع إلى الصفحة السابقة وحاول مرة أخرى.",
        ],
    ),
    403: (
        "لا يمكنك الوصول إلى هذه الصفحة",
        ["هذه الصفحة غير متاحة لك. إن كنت من فريق التحرير فسجّل الدخول أولاً."],
    ),
    413: (
        "ما أرسلته أكبر مما يُقبل",
        [
            "حجم ما أرسلته يتجاوز الحد المسموح، فلم نقرأه ولم نحفظ منه شيئاً.",
            "اختصر النص أو صغّر الملف ثم أعد المحاولة.",
        ],
    ),
    503: (
        "الموقع متوقف للحظات",
        [
            "تعذّر علينا الوصول إلى قاعدة البيانات الآن، فلم نحفظ شيئاً مما أرسلته.",
            "إن كنت كتبت تعليقاً فارجع إلى الصفحة السابقة: نصّك ما زال في النموذج. "
            "أعد الإرسال بعد دقيقة.",
        ],
    ),
    500: (
        "حدث خطأ غير متوقع",
        ["نعتذر، تعذّر عرض هذه الصفحة الآن. حاول مرة أخرى بعد قليل."],
    ),
}

#: The JSON API answers its errors in JSON (docs/api.md), 500s included.
API_PREFIX = "/api/"

LAST_RESORT = (
    '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
    "<title>حدث خطأ غير متوقع</title></head><body><h1>حدث خطأ غير متوقع</h1>"
    "<p>نعتذر، تعذّر عرض هذه الصفحة الآن. حاول مرة أخرى بعد قليل.</p>"
    '<p><a href="/">العودة إلى الصفحة الرئيسية</a></p></body></html>'
)


def error_page(request, status, *, site_layout=True, title=None, paragraphs=None):
    """The Arabic page for `status`: in the site's layout, else standalone, else plain text."""
    default_title, default_paragraphs = PAGES.get(status, PAGES[400])
    context = {
        "status": status,
        "title": title or default_title,
        "paragraphs": paragraphs or default_paragraphs,
        "request_id": current_request_id(),
    }
    if request is not None and request.path_info.startswith(API_PREFIX):
        message = " ".join([context["title"] + ".", *context["paragraphs"]])
        return JsonResponse(
            {"message": message, "request_id": context["request_id"]},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
    if site_layout:
        try:
            return render(request, "errors/error_page.html", context, status=status)
        except Exception:  # noqa: BLE001 — what broke the request may break the layout too
            logger.warning(
                "error page: the site layout failed, serving the plain page", exc_info=True
            )
    try:
        body = render_to_string("errors/standalone.html", context)
    except Exception:  # noqa: BLE001
        logger.exception("error page: even the standalone page failed")
        body = LAST_RESORT
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def bad_request(request, exception=None):
    """Django's 400 (a SuspiciousOperation, a body too big, a host not served here)."""
    if isinstance(exception, RequestDataTooBig):
        return error_page(request, 413)
    # A host not in ALLOWED_HOSTS has no site to lay the page out in.
    return error_page(request, 400, site_layout=not isinstance(exception, DisallowedHost))


def permission_denied(request, exception=None):
    return error_page(request, 403)


def server_error(request):
    """The 500 page, standalone (the database may be what failed), with the request id that
    finds the traceback in the log. When the database did not answer (stopped, restarting,
    out of connections) it is a 503 that says nothing was saved, with Retry-After."""
    import sys

    from django.db import InterfaceError, OperationalError

    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = recover_database_down(request) or error_page(request, 503, site_layout=False)
        response["Retry-After"] = "60"
        return response
    return error_page(request, 500, site_layout=False)


def recover_database_down(request):
    """The view's own answer when the database did not answer, if it has one: a view that can
    hand the reader back what they sent sets ``recover_database_down`` (the comment form
    does), called with the request and the address's arguments; it must make no query."""
    if request is None or request.method != "POST":
        return None
    from django.urls import Resolver404, resolve

    try:
        match = request.resolver_match or resolve(request.path_info)
    except (AttributeError, Resolver404):
        return None
    recover = getattr(match.func, "recover_database_down", None)
    if recover is None:
        return None
    try:
        return recover(request, **match.kwargs)
    except Exception:  # noqa: BLE001 — the plain 503 page is the fallback
        logger.exception("error page: the view could not hand back what was sent")
        return None


def body_too_large(request, files_allowed=True):
    """True for a body Django would refuse to read (DATA_UPLOAD_MAX_MEMORY_SIZE). Multipart
    uploads are judged by Django itself, which does not count their files, unless the view
    takes no files (`files_allowed=False`): then all of it is form fields."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None or (files_allowed and request.content_type == "multipart/form-data"):
        return False
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > limit
    except ValueError:
        return False


def has_nul(request):
    """A NUL character in the path or the query string: no page, slug or search has one, and
    PostgreSQL refuses it in any query (a 500 deep inside the ORM)."""
    query = request.META.get("QUERY_STRING", "")
    return "\x00" in request.path_info or "%00" in query or "\x00" in query


class RequestGuardMiddleware:
    """Refuse, in Arabic, what no view should be handed: a NUL character in the address (400),
    and a body too large to read (413), answered before anything reads it (CSRF would, and
    Django's own answer is an English «Bad Request (400)»). A view that can give the reader
    their text back sets ``recover_too_large`` (the comment form does). Forms refuse NUL in
    their fields themselves (Django's ProhibitNullCharactersValidator)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request):
            return error_page(request, 400)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("POST", "PUT", "PATCH"):
            return None
        recover = getattr(view_func, "recover_too_large", None)
        if not body_too_large(request, files_allowed=recover is None):
            return None
        if recover is not None:
            return recover(request, *view_args, **view_kwargs)
        return error_page(request, 413)

    def process_exception(self, request, exception):
        """An address whose id is not a number names nothing: a 404, not a 500. Some of
        Wagtail's admin views look up `<pk>` from the address as it came (a snippet chooser's
        «chosen» view with «article-375»), and the database field refuses it."""
        if isinstance(exception, ValueError) and "expected a number but got" in str(exception):
            from django.core.handlers.exception import response_for_exception

            return response_for_exception(request, Http404("لا يوجد شيء بهذا الرقم."))
        return None
