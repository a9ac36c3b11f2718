import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from nashir.discussion.models import Comment
from nashir.discussion.text import clean_body

from .helpers import post

pytestmark = pytest.mark.django_db

PAYLOADS = [
    line
    for line in (Path(__file__).parent / "xss_payloads.txt").read_text().splitlines()
    if line.strip()
]
SAFE_TAGS = {
    "section", "h1", "h2", "p", "ol", "li", "article", "header", "span", "a", "bdi", "time",
    "div", "br", "form", "input", "textarea", "label", "button", "script",
}  # fmt: skip
SAFE_HREF = re.compile(r"^(https?://|#|/comments/\d+/)")


def assert_inert(html, article):
    """Nothing a reader wrote became markup: only our tags, no handlers, no script URLs."""
    section = BeautifulSoup(html, "html.parser").find("section", id="comments")
    assert section is not None
    for tag in section.find_all(True):
        assert tag.name in SAFE_TAGS, tag
        for attr, value in tag.attrs.items():
            assert not attr.lower().startswith("on"), tag
            if attr == "href":
                assert SAFE_HREF.match(value) or value == article.url, tag
            if attr == "style":
                assert re.fullmatch(r"--hue: \d+", value), tag
            if attr == "id":
                assert value in {"comments", "comments-title", "comments-page-title", "respond",
                                 "reply-title", "comment-form", "id_phone"} or re.fullmatch(
                    r"(comment-\d+|id_\w+(-error)?)", value), tag  # fmt: skip
        if tag.name == "script":
            assert tag.get("src") == "/static/discussion/comments.js" and not tag.string
    return section


def test_corpus_is_big_enough():
    """The issue asks for at least 50 payloads."""
    assert len(PAYLOADS) >= 50


def test_xss_corpus_in_name_website_and_comment_is_inert(client, article, settings):
    """Every payload, in every field, shows as text on the article and on the reader's page."""
    settings.NASHIR_RATE_LIMITS = {"comment-ip": "", "comment-email": ""}
    Comment.objects.create(
        article=article, name="x", email="xss@example.org", body="x", status="approved"
    )
    for payload in PAYLOADS:
        response = post(client, article, name=payload[:80], url=payload, body=payload,
                        email="xss@example.org")  # fmt: skip
        if response.status_code == 400:  # the website was refused: that page is inert too
            assert_inert(response.content.decode(), article)
            response = post(client, article, name=payload[:80], body=payload,
                            email="xss@example.org")  # fmt: skip
        assert response.status_code == 302, payload
    assert Comment.objects.approved().count() == len(PAYLOADS) + 1

    for url in (article.url, f"/comments/{article.pk}/"):
        html = client.get(url).content.decode()
        section = assert_inert(html, article)
        text = " ".join(section.get_text(" ").split())
        for payload in PAYLOADS:
            assert " ".join(clean_body(payload).split()) in text, payload
        assert "alert(1)" not in "".join(str(s) for s in section.find_all("script"))


def test_admin_queue_shows_payloads_as_text(admin_client, article):
    """Editors reviewing a hostile comment are not attacked either."""
    for payload in PAYLOADS[:20]:
        Comment.objects.create(article=article, name=payload[:80], email="a@b.org", body=payload)
    html = admin_client.get("/admin/snippets/discussion/comment/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        assert not any(a.lower().startswith("on") for a in tag.attrs), tag
        assert tag.name not in {"iframe", "embed", "object", "xss", "marquee", "isindex"}, tag
    assert "<script>alert(1)</script>" not in html
