"""A comment sent while the database does not answer: refused in Arabic, its text handed back,
and a resend once the database is back stores it once (bench/faults.py, «pg-stop»)."""

import html

import pytest
from django.db import OperationalError
from django.test import Client

from nashir.discussion import views
from nashir.discussion.models import Comment

from .helpers import form_data

pytestmark = pytest.mark.django_db

BODY = "الكهرباء عادت إلى حيّنا بعد انقطاع دام يومين، شكراً للمتابعة."


@pytest.fixture
def database_gone(monkeypatch):
    """The first query of the comment view fails as it does while PostgreSQL is stopped."""

    def gone(article_id):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")

    monkeypatch.setattr(views, "get_article", gone)
    return monkeypatch


def test_the_plain_form_comes_back_filled_in_and_a_resend_stores_it_once(article, database_gone):
    """No JavaScript: a 503 page in Arabic with the form refilled (same stamp, so the resend
    is recognised), posting to the same address; the resend stores one comment."""
    client = Client(raise_request_exception=False)
    data = form_data(body=BODY, name="أم خالد")
    response = client.post(f"/comments/post/{article.pk}/", data)
    page = html.unescape(response.content.decode())
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert "فلم نحفظ تعليقك" in page
    assert f">{BODY}</textarea>" in page and 'value="أم خالد"' in page
    assert f'value="{data["stamp"]}"' in page
    assert f'action="/comments/post/{article.pk}/"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert response["Cache-Control"] == "private, no-store"

    database_gone.undo()
    resent = client.post(f"/comments/post/{article.pk}/", data)
    assert resent.status_code == 302
    assert list(Comment.objects.values_list("body", flat=True)) == [BODY]


def test_comments_js_gets_the_refusal_in_json_and_keeps_its_text(article, database_gone):
    """comments.js asks for JSON: a 503 with the Arabic message, which it shows by the form
    without clearing it."""
    response = Client(raise_request_exception=False).post(
        f"/comments/post/{article.pk}/", form_data(body=BODY), HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 503
    answer = response.json()
    assert answer["ok"] is False and "فلم نحفظ تعليقك" in answer["message"]
