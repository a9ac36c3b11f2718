"""The comment form's endpoints. Article pages are cached for everyone, so everything that is
per reader (CSRF token, form stamp, one's own held comments) is served here, uncached."""

import email.parser
import email.policy
import time
import uuid
from types import SimpleNamespace

from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, OperationalError, transaction
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from nashir.core.ids import parse_id
from nashir.news.models import ArticlePage
from nashir.ops.requestid import current_request_id
from nashir.ops.security import client_ip

from .forms import CommentForm
from .models import Comment, CommentSettings
from .moderation import decide, ip_prefix, issue_stamp, over_rate_limit, read_stamp
from .signals import comment_posted
from .threads import MAX_DEPTH, Node, build_threads, visible_comments

OWN_COOKIE = "nashir_comments"
OWN_SALT = "nashir.discussion.own"
OWN_MAX_AGE = 30 * 24 * 3600
OWN_KEEP = 20


def get_article(article_id):
    article = ArticlePage.objects.published().filter(pk=article_id).first()
    if article is None:
        raise Http404("لا يوجد مقال بهذا الرقم.")
    return article


def own_comment_ids(request):
    """The reader's own recent comments, from a signed cookie only they hold."""
    value = request.get_signed_cookie(OWN_COOKIE, default="", salt=OWN_SALT, max_age=OWN_MAX_AGE)
    return [int(part) for part in value.split(",") if part.isdigit()]


@require_GET
@never_cache
def comment_token(request):
    """The per-reader half of the cached form: a CSRF token (and cookie) and a fresh stamp."""
    return JsonResponse({"csrf": get_token(request), "stamp": issue_stamp()})


def wants_json(request):
    """comments.js posts with fetch and asks for JSON, so the reader stays on the article;
    a plain form post (no JavaScript) gets the pages as before."""
    return "application/json" in request.headers.get("Accept", "")


def json_refusal(form, message, status):
    """The reason in Arabic, and each field's errors, for comments.js to show by the fields."""
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    response = JsonResponse(
        {"ok": False, "message": message, "errors": errors},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "private, no-store"
    return response


def comment_node(comment):
    """The comment as the thread shows it: its depth and, past the deepest level, «ردّاً على»."""
    ancestors, parent = [], comment.parent
    while parent is not None and len(ancestors) < MAX_DEPTH:
        ancestors.append(parent)
        parent = parent.parent
    node = Node(comment, min(len(ancestors) + 1, MAX_DEPTH))
    if len(ancestors) + 1 > MAX_DEPTH:
        node.reply_to = comment.parent.name
    return node


def json_posted(request, article, comment):
    """The posted comment rendered as the thread renders it, for comments.js to put in place:
    approved, it is public; held, it carries «بانتظار المراجعة» for this reader alone (this
    answer is never cached, and the cached article page is not changed)."""
    node = comment_node(comment)
    html = render_to_string(
        "discussion/comment.html",
        {"node": node, "article": article, "comments_open": True},
        request,
    )
    if comment.is_public:
        message = "نُشر تعليقك. شكراً لمشاركتك."
    else:
        message = "وصل تعليقك، وهو بانتظار المراجعة: يظهر لك وحدك حتى يوافق عليه أحد المحررين."
    response = JsonResponse(
        {
            "ok": True,
            "id": comment.pk,
            "parent": comment.parent_id,
            "depth": node.depth,
            "held": not comment.is_public,
            "message": message,
            "html": html,
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "private, no-store"
    return remember_own(request, response, comment)


def render_comments_page(request, article, form, *, status=200, message="", reply_to=None):
    own_ids = own_comment_ids(request)
    comments = visible_comments(article, own_ids)
    conf = CommentSettings.for_request(request)
    response = render(
        request,
        "discussion/comments_page.html",
        {
            "article": article,
            "threads": build_threads(comments),
            "comment_count": sum(c.is_public for c in comments),
            "form": form,
            "comments_open": conf.is_open_for(article),
            "message": message,
            "reply_to": reply_to,
            "with_token": True,
        },
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@never_cache
def comments_page(request, article_id):
    """The article's discussion on a page of its own: works without JavaScript, never cached."""
    article = get_article(article_id)
    reply_to = None
    reply_id = parse_id(request.GET.get("reply"), Comment)
    if reply_id is not None:
        reply_to = (
            Comment.objects.approved()
            .filter(pk=reply_id, article_id=article.pk)
            .only("pk", "name", "article_id")
            .first()
        )
    form = CommentForm(
        article=article,
        initial={"stamp": issue_stamp(), "parent": reply_to.pk if reply_to else None},
    )
    get_token(request)
    return render_comments_page(request, article, form, reply_to=reply_to)


def _save(comment, attempts=6):
    """Insert once. A retried POST finds its first insert; a locked SQLite is waited out."""
    for attempt in range(attempts):
        try:
            with transaction.atomic():
                comment.save(force_insert=True)
            return comment
        except IntegrityError:
            existing = Comment.objects.filter(submission_key=comment.submission_key).first()
            if existing is None:
                raise
            if existing.body == comment.body and existing.article_id == comment.article_id:
                return existing
            comment.submission_key = uuid.uuid4()
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05 * 2**attempt)
    raise OperationalError("could not store the comment")


def after_post_url(comment, article):
    if comment.is_public:
        return f"{article.url}#comment-{comment.pk}"
    return f"{reverse('comment-page', args=[article.pk])}#comment-{comment.pk}"


def remember_own(request, response, comment):
    ids = [i for i in own_comment_ids(request) if i != comment.pk] + [comment.pk]
    response.set_signed_cookie(
        OWN_COOKIE,
        ",".join(str(i) for i in ids[-OWN_KEEP:]),
        salt=OWN_SALT,
        max_age=OWN_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@require_POST
@never_cache
def post_comment(request, article_id):
    """Validate, rate-limit, moderate and store a comment, then redirect (POST/redirect/GET),
    or answer comments.js in JSON so the reader stays on the article."""
    article = get_article(article_id)
    conf = CommentSettings.for_request(request)
    form = CommentForm(request.POST, article=article)
    as_json = wants_json(request)
    if not conf.is_open_for(article):
        message = "أُغلقت التعليقات على هذا المقال؛ لم يُحفظ تعليقك، لكن نصّه باقٍ أدناه."
        if as_json:
            return json_refusal(form, message.replace("أدناه", "في النموذج"), 403)
        return render_comments_page(request, article, form, status=403, message=message)
    if not form.is_valid():
        message = "لم يُرسل التعليق بعد: صحّح ما هو مشار إليه أدناه ثم أعد الإرسال."
        if as_json:
            return json_refusal(form, message, 400)
        return render_comments_page(request, article, form, status=400, message=message)

    data = form.cleaned_data
    stamp = read_stamp(data["stamp"])
    comment = Comment(
        article=article,
        parent=data["parent"],
        name=data["name"],
        email=data["email"],
        url=data["url"],
        body=data["body"],
        submission_key=stamp.key or uuid.uuid4(),
        ip_prefix=ip_prefix(client_ip(request)),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:200],
    )
    if stamp.key:
        existing = Comment.objects.filter(submission_key=stamp.key).first()
        if existing and existing.body == comment.body and existing.article_id == article.pk:
            if as_json:
                return json_posted(request, article, existing)
            return remember_own(request, redirect(after_post_url(existing, article)), existing)
        if existing:
            comment.submission_key = uuid.uuid4()

    if over_rate_limit(request, comment.email):
        message = (
            "أرسلت تعليقات كثيرة في وقت قصير. انتظر بضع دقائق ثم أعد الإرسال؛ نصّك محفوظ أدناه."
        )
        if as_json:
            return json_refusal(form, message.replace("أدناه", "في النموذج"), 429)
        return render_comments_page(request, article, form, status=429, message=message)

    comment.status, comment.spam_reason = decide(comment, stamp, data["phone"], conf)
    comment = _save(comment)
    comment_posted.send(sender=Comment, comment=comment)
    if as_json:
        return json_posted(request, article, comment)
    return remember_own(request, redirect(after_post_url(comment, article)), comment)


#: How much of a comment too big for Django to read (DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MB) is
#: read anyway to give the reader their text back. Arabic is 2 bytes a letter and 6 once
#: percent-encoded in a form, so a 1 MB comment arrives as about 6 MB.
RECOVER_BYTES = 8 * 1024 * 1024


def comment_too_large(request, article_id):
    """A comment far over the limit: refused (413, nothing stored), its text handed back.

    Django refuses to read such a body at all (its answer, an English «Bad Request (400)»,
    lost the reader's text). It is read here, once and at most RECOVER_BYTES of it, only to
    fill the form in again with the limit explained; it is counted against the rate limit
    first, so this is no cheaper way to make the server work.
    """
    article = get_article(article_id)
    form = CommentForm(article=article, initial={"stamp": issue_stamp()})
    if over_rate_limit(request, ""):
        message = (
            "أرسلت تعليقات كثيرة في وقت قصير، وهذا التعليق أطول من المسموح أيضاً. "
            "انتظر بضع دقائق، واختصره إلى 5000 حرف ثم أعد الإرسال."
        )
        return render_comments_page(request, article, form, status=429, message=message)
    complete = int(request.META.get("CONTENT_LENGTH") or 0) <= RECOVER_BYTES
    data = _read_form_anyway(request)
    if data is not None:
        form = CommentForm(data, article=article)
        form.is_valid()  # shows «التعليق أطول من 5000 حرف» beside the text
    get_token(request)
    if data is None:
        message = "تعليقك أطول بكثير من المسموح (5000 حرف)، فلم يُحفظ ولم نستطع إعادته إليك."
    elif complete:
        message = (
            "تعليقك أطول بكثير من المسموح (5000 حرف)، فلم يُحفظ. "
            "نصّه باقٍ أدناه: اختصره ثم أعد الإرسال."
        )
    else:
        message = (
            "تعليقك أطول بكثير من المسموح (5000 حرف)، فلم يُحفظ. "
            "أعدنا إليك أوله فقط أدناه: اختصره ثم أعد الإرسال."
        )
    return render_comments_page(request, article, form, status=413, message=message)


def _read_form_anyway(request):
    """The form in the first RECOVER_BYTES of the body (the last field may be cut): urlencoded
    as browsers send it, or multipart/form-data (read with the standard e-mail parser, as
    Django's own parser stops at the limit)."""
    try:
        raw = request.read(RECOVER_BYTES)
        if request.content_type == "application/x-www-form-urlencoded":
            return QueryDict(raw, encoding=request.encoding)
        if request.content_type == "multipart/form-data":
            return _multipart_fields(request.META.get("CONTENT_TYPE", ""), raw)
    except (OSError, SuspiciousOperation, UnicodeError, ValueError):  # a dropped upload, junk
        return None
    return None


def _multipart_fields(content_type, raw):
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode("latin-1") + raw
    )
    if not message.is_multipart():
        return None
    data = QueryDict(mutable=True)
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name and part.get_filename() is None:
            payload = part.get_payload(decode=True) or b""
            data.appendlist(name, payload.decode(part.get_content_charset() or "utf-8", "replace"))
    return data


post_comment.recover_too_large = comment_too_large

UNSAVED_COMMENT = (
    "تعذّر علينا الوصول إلى قاعدة البيانات الآن، فلم نحفظ تعليقك. "
    "نصّه باقٍ في النموذج: أعد الإرسال بعد دقيقة."
)


def comment_unsaved(request, article_id):
    """A comment whose post met a database that does not answer (nashir.ops.errors): refused
    in Arabic with the reader's text handed back, a form filled in from the request alone (no
    query), or in JSON for comments.js, which keeps the text in its form. The form stamp goes
    back unchanged, so resending a comment that was in fact stored finds it, not a double."""
    if wants_json(request):
        response = JsonResponse(
            {"ok": False, "message": UNSAVED_COMMENT, "errors": {}},
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        context = {
            "status": 503,
            "title": "لم يُحفظ تعليقك بعد",
            "message": UNSAVED_COMMENT,
            "request_id": current_request_id(),
            "form": CommentForm(request.POST, article=None),
            "article": SimpleNamespace(pk=article_id),
            "comments_open": True,
            "with_token": True,
            "csrf_token": get_token(request),
        }
        response = HttpResponse(
            render_to_string("errors/comment_unsaved.html", context),
            status=503,
            content_type="text/html; charset=utf-8",
        )
    response["Cache-Control"] = "private, no-store"
    return response


post_comment.recover_database_down = comment_unsaved


def csrf_failure(request, reason=""):
    """Django's CSRF refusal, in Arabic. A refused comment comes back filled in, ready to resend,
    so a reader whose cached page had no token (no JavaScript, or an old tab) loses nothing."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        match = None
    if match and match.url_name == "comment-post" and request.method == "POST":
        try:
            article = get_article(match.kwargs["article_id"])
        except Http404:
            article = None
        if article is not None:
            data = request.POST.copy()
            data["stamp"] = issue_stamp(recovered=True)
            form = CommentForm(data, article=article)
            form.is_valid()
            get_token(request)
            message = (
                "لم يُرسل تعليقك بعد: انتهت صلاحية النموذج أو لم يكتمل تحميل الصفحة. "
                "نصّك محفوظ أدناه؛ راجعه واضغط «أرسل التعليق» مرة أخرى."
            )
            return render_comments_page(request, article, form, status=403, message=message)
    response = render(request, "discussion/csrf_failure.html", status=403)
    response["Cache-Control"] = "private, no-store"
    return response
