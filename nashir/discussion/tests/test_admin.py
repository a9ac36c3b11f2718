import json

import pytest
from django.contrib.auth.models import Group, Permission

from nashir.discussion.models import Comment
from nashir.discussion.notifications import moderator_emails
from nashir.discussion.signals import comment_approved, comments_changed

pytestmark = pytest.mark.django_db


def make(article, status=Comment.Status.PENDING, body="تعليق"):
    return Comment.objects.create(
        article=article, name="قارئ", email="r@example.org", body=body, status=status
    )


def test_queue_lists_waiting_comments_with_counts(admin_client, article):
    """The queue opens on «الكل» with a count per state; spam and trash only when asked for."""
    make(article, body="ينتظر")
    make(article, Comment.Status.APPROVED, body="منشور")
    make(article, Comment.Status.SPAM, body="مزعج")
    make(article, Comment.Status.TRASH, body="محذوف")
    html = admin_client.get("/admin/snippets/discussion/comment/").content.decode()
    assert "الكل (2)" in html and "بانتظار المراجعة (1)" in html
    assert "مزعج (1)" in html and "المهملات (1)" in html
    assert "ينتظر" in html and "منشور" in html and "محذوف" not in html
    spam = admin_client.get("/admin/snippets/discussion/comment/?status=spam").content.decode()
    assert "قارئ: مزعج" in spam and "قارئ: ينتظر" not in spam


def test_menu_shows_how_many_wait(admin_client, article):
    """The admin menu item reads «التعليقات (2)» like WordPress's bubble."""
    make(article)
    make(article)
    html = admin_client.get("/admin/").content.decode()
    assert json.dumps("التعليقات (2)")[1:-1] in html  # inside the sidebar's JSON
    assert "بانتظار المراجعة" in html  # the dashboard panel


def test_bulk_approve_spam_and_trash(admin_client, article):
    """Select comments, confirm, and they change state; approving fires the cache signal."""
    a, b, c = make(article), make(article), make(article)
    heard, changed = [], []
    comment_approved.connect(
        lambda comment, **kw: heard.append(comment.pk), weak=False, dispatch_uid="test-heard"
    )
    comments_changed.connect(
        lambda article_id, **kw: changed.append(article_id), weak=False, dispatch_uid="test-changed"
    )
    try:
        url = "/admin/bulk/discussion/comment/approve/"
        confirm = admin_client.get(f"{url}?id={a.pk}&id={b.pk}")
        assert confirm.status_code == 200 and "نشر هذه التعليقات" in confirm.content.decode()
        response = admin_client.post(f"{url}?id={a.pk}&id={b.pk}")
        assert response.status_code == 302
        admin_client.post(f"/admin/bulk/discussion/comment/spam/?id={b.pk}")
        admin_client.post(f"/admin/bulk/discussion/comment/trash/?id={c.pk}")
    finally:
        comment_approved.disconnect(dispatch_uid="test-heard")
        comments_changed.disconnect(dispatch_uid="test-changed")
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses == {a.pk: "approved", b.pk: "spam", c.pk: "trash"}
    assert sorted(heard) == [a.pk, b.pk]
    assert changed == [article.pk, article.pk, article.pk]  # two approvals, one withdrawal


def test_row_buttons_act_in_one_click(admin_client, article):
    """Each waiting comment has «اعتماد» / «مزعج» / «إلى المهملات» in its row: the button posts
    the change at once; without JavaScript its link opens the confirmation instead."""
    comment = make(article)
    html = admin_client.get("/admin/snippets/discussion/comment/").content.decode()
    assert f"/admin/bulk/discussion/comment/approve/?id={comment.pk}" in html
    assert f"/admin/bulk/discussion/comment/spam/?id={comment.pk}" in html
    assert f'data-w-action-url-value="/admin/comments/{comment.pk}/approve/"' in html
    assert 'data-action="w-action#post"' in html


def test_one_click_approve_needs_no_confirmation_page(admin_client, article):
    """POSTing a row's «اعتماد» publishes the comment, says so, and returns to the list."""
    comment = make(article)
    heard = []
    comment_approved.connect(
        lambda comment, **kw: heard.append(comment.pk), weak=False, dispatch_uid="one-click"
    )
    queue = "/admin/snippets/discussion/comment/?status=pending"
    try:
        response = admin_client.post(
            f"/admin/comments/{comment.pk}/approve/", {"next": queue}, follow=True
        )
    finally:
        comment_approved.disconnect(dispatch_uid="one-click")
    assert response.redirect_chain[-1][0] == queue
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED and heard == [comment.pk]
    assert f"نُشر تعليق قارئ تحت «{article.title}»." in response.content.decode()
    assert admin_client.get(f"/admin/comments/{comment.pk}/approve/").status_code == 405


def test_one_click_moderation_is_for_moderators_only(client, article, django_user_model):
    """A writer (no comment rights) cannot approve or trash by posting the URL."""
    from nashir.newsroom.roles import WRITER

    writer = django_user_model.objects.create_user("w", "w@example.org", "x")
    writer.groups.add(Group.objects.get(name=WRITER))
    client.force_login(writer)
    comment = make(article)
    refused = client.post(f"/admin/comments/{comment.pk}/trash/")
    assert refused.status_code in (302, 403)  # Wagtail turns PermissionDenied into a redirect
    assert refused.status_code == 403 or refused["Location"] == "/admin/"
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_one_click_never_redirects_to_another_site(admin_client, article):
    """A forged «next» address falls back to the queue."""
    comment = make(article)
    response = admin_client.post(
        f"/admin/comments/{comment.pk}/spam/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/snippets/discussion/comment/"


def test_editor_can_edit_a_comment(admin_client, article):
    """The edit form changes the text and status; the email is there for the editor."""
    comment = make(article, body="نص فيه خطأ")
    url = f"/admin/snippets/discussion/comment/edit/{comment.pk}/"
    html = admin_client.get(url).content.decode()
    assert "r@example.org" in html
    response = admin_client.post(
        url,
        {
            "status": "approved",
            "name": "قارئ",
            "email": "r@example.org",
            "url": "",
            "body": "نص مصحح",
        },
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.status, comment.body) == ("approved", "نص مصحح")


def test_moderators_are_people_with_the_permission(django_user_model):
    """Notified: superusers and anyone allowed to change comments, directly or through a group."""
    django_user_model.objects.create_superuser("boss", "boss@n.sy", "x")
    editor = django_user_model.objects.create_user("ed", "ed@n.sy", "x")
    group, _ = Group.objects.get_or_create(name="محرر")
    group.permissions.add(
        Permission.objects.get(codename="change_comment", content_type__app_label="discussion")
    )
    editor.groups.add(group)
    writer = django_user_model.objects.create_user("writer", "writer@n.sy", "x")
    django_user_model.objects.create_user("gone", "gone@n.sy", "x", is_active=False)
    assert "boss@n.sy" in moderator_emails() and "ed@n.sy" in moderator_emails()
    assert writer.email not in moderator_emails() and "gone@n.sy" not in moderator_emails()
