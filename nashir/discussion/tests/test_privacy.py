import pytest
from django.test import Client

from nashir.discussion.models import Comment

from .helpers import post

pytestmark = pytest.mark.django_db

SECRET = "hidden.reader+private@example.net"


def test_no_public_response_ever_contains_a_commenters_email(client, article, section):
    """Article, comments page, token, feeds, API, sitemap, search: the email appears nowhere."""
    Comment.objects.create(
        article=article, name="قديم", email=SECRET, body="سابق", status=Comment.Status.APPROVED
    )
    responses = [
        post(client, article, email=SECRET, body="منشور فوراً"),
        post(client, article, email=SECRET, body="مزعج", phone="bot"),
        post(client, article, email=SECRET, body="https://a.sy https://b.sy https://c.sy"),
    ]
    assert Comment.objects.filter(email=SECRET).count() == 4
    reply_to = Comment.objects.approved().first().pk
    stranger = Client()
    for reader in (client, stranger):
        for url in (
            "/",
            section.url,
            article.url,
            f"/comments/{article.pk}/",
            f"/comments/{article.pk}/?reply={reply_to}",
            "/comments/token/",
            "/feed/",
            "/feed/atom/",
            f"/api/v2/pages/{article.pk}/",
            "/api/v2/pages/?type=news.ArticlePage&fields=*",
            "/sitemap.xml",
            "/sitemaps/pages/",
            "/sitemaps/authors/",
            "/sitemaps/tags/",
            "/search/?q=منشور",
        ):
            responses.append(reader.get(url, follow=True))
    for response in responses:
        content = response.content.decode(errors="replace").lower()
        assert SECRET not in content and "hidden.reader" not in content, response.request
        assert SECRET not in str(response.headers).lower()
