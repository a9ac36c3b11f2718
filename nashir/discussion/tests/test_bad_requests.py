"""Strange ids and oversized comments get an Arabic answer and store nothing (issue #17)."""

from urllib.parse import urlencode

import pytest
from django.test import Client

from nashir.discussion.models import Comment
from nashir.discussion.views import RECOVER_BYTES

from .helpers import form_data, post

pytestmark = pytest.mark.django_db

HUGE_ID = "99999999999999999999999"
ONE_MEGABYTE_OF_ARABIC = "تعليق طويل جدا " * 70_000  # ~1.05 M characters, ~1.9 MB in UTF-8


def post_urlencoded(client, article, **fields):
    """As a browser sends the form: application/x-www-form-urlencoded."""
    return client.post(
        f"/comments/post/{article.pk}/",
        urlencode(form_data(**fields)),
        content_type="application/x-www-form-urlencoded",
    )


@pytest.mark.parametrize(
    "url", [f"/comments/{HUGE_ID}/", "/comments/2147483648/", f"/comments/post/{HUGE_ID}/"]
)
def test_an_id_no_article_can_have_is_a_404(client, article, url):
    """Ids past what the database holds are simply not found, GET or POST."""
    assert client.get(url).status_code in (404, 405)
    response = client.post(url, form_data())
    assert response.status_code == 404
    assert "الصفحة غير موجودة" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("reply", ["²", "٣", HUGE_ID, "-1", "1e3", "x"])
def test_a_strange_reply_id_shows_the_plain_form(client, article, reply):
    """?reply=² is no comment to answer: the comments page with the ordinary form."""
    response = client.get(f"/comments/{article.pk}/", {"reply": reply})
    assert response.status_code == 200
    assert "اترك تعليقاً" in response.content.decode()


@pytest.mark.parametrize("parent", ["²", HUGE_ID, "-5", "1.5"])
def test_a_strange_parent_is_refused_with_the_text_kept(client, article, parent):
    """A reply to a comment that cannot exist: 400 in Arabic, text kept, nothing stored."""
    response = post(client, article, parent=parent, body="ردّي على التعليق")
    assert response.status_code == 400
    assert "ردّي على التعليق</textarea>" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_one_megabyte_comment_gets_its_text_back_in_arabic(client, article):
    """A 1 MB Arabic comment (6 MB once encoded, past Django's 2.5 MB): 413, the limit
    explained in Arabic, every field refilled, the whole text in the box, nothing stored."""
    response = post_urlencoded(client, article, body=ONE_MEGABYTE_OF_ARABIC, name="سلمى العلي")
    html = response.content.decode()
    assert response.status_code == 413
    assert "أطول بكثير من المسموح (5000 حرف)" in html
    assert "نصّه باقٍ أدناه" in html
    assert "التعليق أطول من 5000 حرف" in html
    assert ONE_MEGABYTE_OF_ARABIC.strip() in html
    assert 'value="سلمى العلي"' in html and 'value="salma@example.org"' in html
    assert 'name="csrfmiddlewaretoken" value="' in html  # ready to resend once shortened
    assert "Bad Request" not in html
    assert not Comment.objects.exists()


def test_a_huge_comment_sent_as_multipart_gets_its_text_back(client, article):
    """The same from a client that sends multipart/form-data (Django's test client does): a
    1 MB comment is read (400, text kept), a 4 MB one is past the limit (413, text kept)."""
    response = post(client, article, body=ONE_MEGABYTE_OF_ARABIC)
    assert response.status_code == 400
    assert "التعليق أطول من 5000 حرف" in response.content.decode()
    body = ONE_MEGABYTE_OF_ARABIC * 2
    response = post(client, article, body=body, name="سلمى العلي")
    html = response.content.decode()
    assert response.status_code == 413
    assert body.strip() in html and 'value="سلمى العلي"' in html
    assert not Comment.objects.exists()


def test_a_comment_past_what_is_read_back_returns_its_beginning(client, article):
    """Past RECOVER_BYTES the reader gets the beginning back, and is told so."""
    body = "ب" * (RECOVER_BYTES // 5)  # 6 bytes a letter once percent-encoded
    response = post_urlencoded(client, article, body=body)
    html = response.content.decode()
    assert response.status_code == 413
    assert "أعدنا إليك أوله فقط" in html
    assert "ب" * 100_000 in html
    assert not Comment.objects.exists()


def test_huge_comments_count_against_the_rate_limit(article, settings):
    """Sending huge comments again and again is stopped like any other flood."""
    # A day's window: three slow 3.6 MB requests never straddle two windows.
    settings.NASHIR_RATE_LIMITS = {"comment-ip": "2/d", "comment-email": "100/d"}
    client = Client(REMOTE_ADDR="198.51.100.40")
    codes = [post_urlencoded(client, article, body="ب" * 600_000).status_code for _ in range(3)]
    assert codes == [413, 413, 429]
    assert not Comment.objects.exists()


def test_other_forms_too_large_get_an_arabic_413(client, article):
    """A body past the limit anywhere else: 413 with an Arabic page, not Django's English 400."""
    response = client.post(
        "/search/",
        urlencode({"q": "ب" * 600_000}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert "ما أرسلته أكبر مما يُقبل" in response.content.decode()
    assert "Bad Request" not in response.content.decode()
