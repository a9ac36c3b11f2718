from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from nashir.discussion.models import Comment, CommentSettings
from nashir.discussion.signals import comment_approved
from nashir.news.models import ArticlePage

from .helpers import form_data, post, stamp

pytestmark = pytest.mark.django_db


def approve_email(article, email="salma@example.org"):
    return Comment.objects.create(
        article=article, name="سلمى", email=email, body="قديم", status=Comment.Status.APPROVED
    )


def test_article_page_shows_the_form_and_its_fields(client, article):
    """Heading, privacy note, the four fields with their stars, and no per-reader token."""
    html = client.get(article.url).content.decode()
    assert "اترك تعليقاً" in html
    assert "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ" in html
    for label in ("الاسم", "البريد الإلكتروني", "الموقع", "التعليق"):
        assert f">{label}" in html
    assert html.count('class="field__required"') == 3
    assert f'action="/comments/post/{article.pk}/"' in html
    assert 'data-token-url="/comments/token/"' in html
    assert 'name="csrfmiddlewaretoken" value=""' in html  # filled in by the reader's browser


def test_token_endpoint_is_private_and_sets_the_csrf_cookie(client):
    """The cached page gets its token from here: never cached, cookie set."""
    response = client.get("/comments/token/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "csrftoken" in response.cookies
    data = response.json()
    assert data["csrf"] and data["stamp"]


def test_first_comment_waits_and_only_its_author_sees_it(client, article):
    """A first comment is held; its author sees it marked, another reader sees nothing."""
    response = post(client, article, body="تعليقي الأول هنا")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert response.status_code == 302
    assert response["Location"] == f"/comments/{article.pk}/#comment-{comment.pk}"

    own = client.get(f"/comments/{article.pk}/").content.decode()
    assert "تعليقي الأول هنا" in own and "بانتظار المراجعة" in own
    assert "no-store" in client.get(f"/comments/{article.pk}/")["Cache-Control"]

    stranger = Client()
    assert "تعليقي الأول هنا" not in stranger.get(f"/comments/{article.pk}/").content.decode()
    assert "تعليقي الأول هنا" not in stranger.get(article.url).content.decode()
    assert "تعليقي الأول هنا" not in client.get(article.url).content.decode()


def test_known_commenter_appears_at_once(client, article):
    """Once an email has an approved comment, the next one is published straight away."""
    approve_email(article, "Salma@Example.org".lower())
    response = post(client, article, email="SALMA@example.org", body="تعليق ثانٍ")
    comment = Comment.objects.get(body="تعليق ثانٍ")
    assert comment.status == Comment.Status.APPROVED
    assert response["Location"] == f"{article.url}#comment-{comment.pk}"
    assert "تعليق ثانٍ" in Client().get(article.url).content.decode()


def test_hold_all_setting_holds_known_commenters(client, article, home):
    """«مراجعة كل التعليقات» holds even a trusted email."""
    approve_email(article)
    conf = CommentSettings.for_site(home.get_site())
    conf.hold_all = True
    conf.save()
    post(client, article, body="يجب أن ينتظر")
    assert Comment.objects.get(body="يجب أن ينتظر").status == Comment.Status.PENDING


def test_errors_are_arabic_beside_fields_and_text_is_kept(client, article):
    """A bad email is explained in Arabic next to the field; the comment typed is not lost."""
    response = post(client, article, email="ليس-بريداً", url="javascript:alert(1)", name="")
    html = response.content.decode()
    assert response.status_code == 400
    assert "اكتب اسمك." in html
    assert "هذا العنوان لا يبدو بريداً إلكترونياً صحيحاً" in html
    assert "اكتب رابطاً كاملاً يبدأ بـ https://" in html
    assert "شكراً على هذا التقرير المفصّل.</textarea>" in html
    assert 'value="ليس-بريداً"' in html
    assert 'aria-invalid="true"' in html
    assert not Comment.objects.exists()


def test_body_length_limit(client, article):
    """Over 5000 characters is refused with an Arabic message, the text still there."""
    response = post(client, article, body="ب" * 5001)
    assert response.status_code == 400
    assert "التعليق أطول من 5000 حرف" in response.content.decode()


def test_comments_close_after_the_configured_days(client, section, home):
    """After `close_after_days` the form is gone and a late POST is refused, text kept."""
    from nashir.news.tests.factories import make_article

    old = make_article(section, hours_ago=24 * 31)
    html = client.get(old.url).content.decode()
    assert "التعليقات مغلقة على هذا المقال." in html and 'id="comment-form"' not in html
    response = post(client, old, body="متأخر قليلاً")
    assert response.status_code == 403
    assert "أُغلقت التعليقات" in response.content.decode()
    assert "متأخر قليلاً" in response.content.decode()
    assert not Comment.objects.exists()

    conf = CommentSettings.for_site(home.get_site())
    conf.close_after_days = 0
    conf.save()
    assert 'id="comment-form"' in client.get(old.url).content.decode()


def test_per_article_switch(client, article):
    """Turning comments off on an article hides the form and refuses posts."""
    ArticlePage.objects.filter(pk=article.pk).update(comments_enabled=False)
    article.refresh_from_db()
    assert 'id="comment-form"' not in client.get(article.url).content.decode()
    assert post(client, article).status_code == 403


def test_post_without_csrf_token_is_refused_but_text_comes_back(article):
    """No token, no comment: an Arabic explanation, the form refilled, a fresh token to resend."""
    client = Client(enforce_csrf_checks=True)
    response = post(client, article, body="نص لا يجب أن يضيع")
    html = response.content.decode()
    assert response.status_code == 403
    assert not Comment.objects.exists()
    assert "لم يُرسل تعليقك بعد" in html
    assert "نص لا يجب أن يضيع</textarea>" in html
    assert (
        'name="csrfmiddlewaretoken" value="' in html
        and 'value=""' not in html.split("csrfmiddlewaretoken", 1)[1][:20]
    )
    # Resending that page works, and the comment waits for an editor.
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    new_stamp = html.split('name="stamp" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        f"/comments/post/{article.pk}/",
        form_data(body="نص لا يجب أن يضيع", stamp=new_stamp, csrfmiddlewaretoken=token),
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING


def test_other_csrf_failures_are_explained_in_arabic(db):
    """A refused form elsewhere gets an Arabic page, not Django's English one."""
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x"})
    assert response.status_code == 403
    assert "تعذّر إرسال النموذج" in response.content.decode()


def test_token_from_the_endpoint_lets_the_cached_form_post(article):
    """The JavaScript path: token endpoint, then a POST carrying that token."""
    client = Client(enforce_csrf_checks=True)
    data = client.get("/comments/token/").json()
    response = client.post(
        f"/comments/post/{article.pk}/",
        form_data(stamp=stamp(key=None), csrfmiddlewaretoken=data["csrf"]),
    )
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_honeypot_is_kept_as_spam(client, article):
    """A filled hidden field marks the comment spam: stored, hidden, not dropped."""
    approve_email(article)
    post(client, article, phone="0999999999", body="اشترِ الآن")
    comment = Comment.objects.get(body="اشترِ الآن")
    assert comment.status == Comment.Status.SPAM
    assert "المصيدة" in comment.spam_reason
    assert "اشترِ الآن" not in Client().get(article.url).content.decode()


def test_too_fast_and_unstamped_posts_are_spam(client, article):
    """Sent a second after the form opened, or with no valid stamp: spam, with the reason."""
    approve_email(article)
    post(client, article, stamp=stamp(seconds_ago=0.5), body="سريع جداً")
    post(client, article, stamp="", body="بلا توقيت")
    post(client, article, stamp="forged:value", body="توقيت مزوّر")
    for body in ("سريع جداً", "بلا توقيت", "توقيت مزوّر"):
        comment = Comment.objects.get(body=body)
        assert comment.status == Comment.Status.SPAM, body
        assert comment.spam_reason


def test_too_many_links_are_held(client, article):
    """More links than allowed: held for an editor even from a known email."""
    approve_email(article)
    post(client, article, body="https://a.sy https://b.sy https://c.sy")
    comment = Comment.objects.get(body__startswith="https://a.sy")
    assert comment.status == Comment.Status.PENDING
    assert "3 روابط" in comment.spam_reason


def test_blocklist_marks_spam(client, article, home):
    """A word editors blocked, in any field, marks the comment spam."""
    conf = CommentSettings.for_site(home.get_site())
    conf.blocklist = "كازينو\nloans"
    conf.save()
    post(client, article, body="أفضل كَازينو")
    post(client, article, url="https://cheap-loans.example", body="عادي")
    statuses = set(Comment.objects.values_list("status", "spam_reason"))
    assert statuses == {("spam", "كلمة محظورة: كازينو"), ("spam", "كلمة محظورة: loans")}


def test_rate_limit_per_email(client, article, settings):
    """Too many comments from one email: refused with an Arabic message and the text kept."""
    settings.NASHIR_RATE_LIMITS = {"comment-ip": "100/10m", "comment-email": "3/10m"}
    for i in range(3):
        assert post(client, article, body=f"تعليق {i}").status_code == 302
    response = post(client, article, body="الرابع")
    assert response.status_code == 429
    assert "أرسلت تعليقات كثيرة" in response.content.decode()
    assert "الرابع</textarea>" in response.content.decode()
    assert post(client, article, email="other@example.org", body="آخر").status_code == 302
    assert Comment.objects.count() == 4


def test_rate_limit_per_ip(client, article, settings):
    """Many emails from one address are stopped too."""
    settings.NASHIR_RATE_LIMITS = {"comment-ip": "2/10m", "comment-email": "100/10m"}
    assert post(client, article, email="a@example.org").status_code == 302
    assert post(client, article, email="b@example.org").status_code == 302
    assert post(client, article, email="c@example.org").status_code == 429
    other_ip = Client(REMOTE_ADDR="198.51.100.7")
    assert post(other_ip, article, email="d@example.org").status_code == 302


def test_double_post_is_stored_once(client, article):
    """A double click or a resubmitted form stores the comment once."""
    data = form_data(body="مرة واحدة فقط")
    first = client.post(f"/comments/post/{article.pk}/", data)
    second = client.post(f"/comments/post/{article.pk}/", data)
    assert Comment.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_same_form_reused_for_a_new_comment_is_not_lost(client, article):
    """Same stamp (a tab kept open) but different words: a second comment, not a dedupe."""
    key_stamp = stamp()
    post(client, article, stamp=key_stamp, body="الأول")
    post(client, article, stamp=key_stamp, body="الثاني")
    assert set(Comment.objects.values_list("body", flat=True)) == {"الأول", "الثاني"}


def test_reply_must_answer_a_published_comment_of_the_same_article(client, article, section):
    """A reply to a held or foreign comment is refused in Arabic."""
    from nashir.news.tests.factories import make_article

    held = Comment.objects.create(article=article, name="ع", email="e@x.org", body="م")
    other = Comment.objects.create(
        article=make_article(section),
        name="ع",
        email="e@x.org",
        body="م",
        status=Comment.Status.APPROVED,
    )
    for parent in (held, other):
        response = post(client, article, parent=parent.pk)
        assert response.status_code == 400
        assert "لم يعد متاحاً" in response.content.decode()


def test_privacy_of_stored_network_data(client, article):
    """The IP is cut to its network and the browser string is short."""
    Client(REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="x" * 500).post(
        f"/comments/post/{article.pk}/", form_data()
    )
    comment = Comment.objects.get()
    assert comment.ip_prefix == "203.0.113.0"
    assert len(comment.user_agent) == 200


def test_editors_are_emailed_about_waiting_comments(
    client, article, django_user_model, home, django_capture_on_commit_callbacks
):
    """Moderators and the extra addresses hear about a held comment; not about spam."""
    django_user_model.objects.create_superuser("chief", "chief@newsroom.sy", "x")
    django_user_model.objects.create_user("reader", "reader@newsroom.sy", "x")
    conf = CommentSettings.for_site(home.get_site())
    conf.notify_emails = "desk@newsroom.sy\nnot-an-address"
    conf.save()
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, body="ينتظر محرراً")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["chief@newsroom.sy", "desk@newsroom.sy"]
    assert "ينتظر محرراً" in message.body and article.title in message.subject
    assert "/admin/snippets/discussion/comment/edit/" in message.body

    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, phone="bot", body="مزعج")
    assert len(mail.outbox) == 1


def test_approval_fires_the_page_cache_signal(article):
    """The page cache hears when a comment goes public, once."""
    heard = []

    def listener(comment, **kwargs):
        heard.append(comment.pk)

    comment_approved.connect(listener)
    try:
        comment = Comment.objects.create(article=article, name="ع", email="e@x.org", body="م")
        assert heard == []
        comment.set_status(Comment.Status.APPROVED)
        comment.set_status(Comment.Status.APPROVED)
        comment.body = "معدّل"
        comment.save()
    finally:
        comment_approved.disconnect(listener)
    assert heard == [comment.pk]


def test_unpublished_article_has_no_comment_endpoints(client, section):
    """Drafts take no comments and show none."""
    from nashir.news.tests.factories import make_article

    draft = make_article(section, live=False)
    assert post(client, draft).status_code == 404
    assert client.get(f"/comments/{draft.pk}/").status_code == 404


def test_closed_setting_uses_publication_time(article, home):
    """is_open_for counts days from publication."""
    conf = CommentSettings.for_site(home.get_site())
    assert conf.is_open_for(article)
    assert not conf.is_open_for(article, now=timezone.now() + timedelta(days=30))
