"""Posting from the article with JavaScript: the reader stays on the page (JSON answers); the
comments page without JavaScript no longer says «لا تعليقات» above the reader's own comment."""

import json

import pytest

from nashir.discussion.models import Comment

from .helpers import form_data

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def post_json(client, article, **overrides):
    return client.post(f"/comments/post/{article.pk}/", form_data(**overrides), **JSON)


def test_a_first_comment_is_answered_with_its_held_html(client, article):
    """A first comment waits for an editor: the answer carries it rendered with
    «بانتظار المراجعة», uncached, and the reader's cookie remembers it."""
    response = post_json(client, article)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    data = json.loads(response.content)
    comment = Comment.objects.get()
    assert data["ok"] and data["held"] and data["id"] == comment.pk and data["depth"] == 1
    assert f'id="comment-{comment.pk}"' in data["html"]
    assert "comment--held" in data["html"] and "بانتظار المراجعة" in data["html"]
    assert "بانتظار المراجعة" in data["message"]
    assert "nashir_comments" in response.cookies


def test_an_approved_email_is_published_at_once(client, article):
    """Once an email has an approved comment, the next one is public and says so."""
    Comment.objects.create(
        article=article, name="سلمى", email="salma@example.org", body="أول", status="approved"
    )
    data = json.loads(post_json(client, article, body="تعليق ثانٍ").content)
    assert data["ok"] and not data["held"]
    assert "comment--held" not in data["html"] and "نُشر تعليقك" in data["message"]


def test_a_reply_past_the_deepest_level_says_whom_it_answers(client, article):
    """A reply under the third level is shown flat, «ردّاً على أبي سامر» (the genitive)."""
    parent = None
    for name in ("أبو سامر", "منى", "أبو سامر"):
        parent = Comment.objects.create(
            article=article,
            parent=parent,
            name=name,
            email="a@example.org",
            body="نص",
            status="approved",
        )
    data = json.loads(post_json(client, article, parent=str(parent.pk)).content)
    assert data["depth"] == 3 and data["parent"] == parent.pk
    assert "ردّاً على <bdi>أبي سامر</bdi>" in data["html"]


def test_errors_come_back_by_field(client, article):
    """A bad email: 400 with the reason in Arabic and the field's error, nothing stored."""
    response = post_json(client, article, email="ليس-بريداً")
    assert response.status_code == 400
    data = json.loads(response.content)
    assert not data["ok"] and "email" in data["errors"] and data["message"]
    assert not Comment.objects.exists()


def test_without_javascript_the_form_still_redirects(client, article):
    """A plain form post is answered as before: a redirect to the reader's held comment."""
    response = client.post(f"/comments/post/{article.pk}/", form_data())
    assert response.status_code == 302
    assert "/comments/" in response["Location"]


def test_comments_page_does_not_say_no_comments_above_the_readers_own(client, article):
    """The reader's pending comment on its page: no «لا تعليقات» above it, the article's title
    as a plain link, not as a huge underlined heading."""
    response = client.post(f"/comments/post/{article.pk}/", form_data())
    html = client.get(response["Location"]).content.decode()
    assert "لا تعليقات" not in html
    assert "بانتظار المراجعة" in html
    assert (
        '<h1 id="comments-page-title" class="comments__page-title">التعليقات على المقال</h1>'
        in html
    )
    assert f'<p class="comments__article"><a href="{article.url}">{article.title}</a></p>' in html


def test_reply_links_carry_the_name_after_ala(client, article):
    """The «ردّ» link gives comments.js the name as «ردّ على …» reads it."""
    Comment.objects.create(
        article=article, name="أبو سامر", email="a@example.org", body="نص", status="approved"
    )
    html = client.get(article.url).content.decode()
    assert 'data-name="أبي سامر"' in html
    page = client.get(f"/comments/{article.pk}/?reply={Comment.objects.get().pk}").content.decode()
    assert "ردّ على <bdi>أبي سامر</bdi>" in page
