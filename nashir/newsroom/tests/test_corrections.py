from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from nashir.news.models import ArticleCorrection, ArticlePage
from nashir.news.tests.factories import make_article

from .conftest import add_formset_rows, edit_form_data

pytestmark = pytest.mark.django_db

MARCH_1 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_editor_adds_a_correction_and_readers_see_it_at_the_end(client, section, editor):
    """«تصحيح» with its Arabic date appears after the text, and «حُدّث في» moves to that day."""
    with time_machine.travel(MARCH_1, tick=False) as traveller:
        article = make_article(section, "حصيلة الفيضانات في إدلب")
        traveller.move_to(MARCH_1 + timedelta(days=2))
        client.force_login(editor)
        data = edit_form_data(article, editor)
        add_formset_rows(
            data,
            "corrections",
            [
                {
                    "date": MARCH_1 + timedelta(days=2),
                    "note": "ذكرت نسخة سابقة أن الحصيلة 40، والصحيح 14.",
                }
            ],
        )
        data["action-publish"] = "1"
        response = client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data)
        assert response.status_code == 302
        client.logout()
        html = client.get(article.url).content.decode()

    article_html = html[html.index('<article class="article">') : html.index("</article>")]
    assert "ذكرت نسخة سابقة أن الحصيلة 40، والصحيح 14." in article_html
    assert article_html.index('class="corrections"') > article_html.index('class="article__body"')
    assert '<h2 id="corrections-title" class="corrections__title">تصحيح</h2>' in article_html
    assert "3 مارس 2026" in article_html  # 09:00 UTC is noon in Damascus, same day
    assert "حُدّث في" in article_html
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.updated_at == MARCH_1 + timedelta(days=2)


def test_date_modified_is_the_latest_of_republishing_and_corrections(section):
    """dateModified follows a correction even when it is dated after the last publish."""
    with time_machine.travel(MARCH_1, tick=False):
        article = make_article(section)
    assert article.updated_at is None  # never changed since it was published

    later = MARCH_1 + timedelta(days=5)
    ArticleCorrection.objects.create(article=article, date=later, note="تصحيح اسم المتحدث.")
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.updated_at == later


def test_article_without_corrections_shows_no_correction_box(client, section):
    """No empty «تصحيح» heading on ordinary articles."""
    article = make_article(section)
    assert 'class="corrections"' not in client.get(article.url).content.decode()
