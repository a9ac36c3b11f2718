import pytest
from django.urls import reverse

from nashir.news.models import ArticlePage
from nashir.news.tests.factories import make_article
from nashir.newsroom.readcounts import flush_read_counts, record_read

pytestmark = pytest.mark.django_db


def test_dashboard_shows_the_desk_breaking_news_and_most_read(client, section, editor):
    """An editor opening the admin sees what is «عاجل» now and what readers read today."""
    breaking = make_article(section, "عاجل على لوحة التحكم")
    ArticlePage.objects.filter(pk=breaking.pk).update(breaking=True)
    popular = make_article(section, "الأكثر قراءة على لوحة التحكم")
    for _ in range(3):
        record_read(popular.pk)
    flush_read_counts()

    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "غرفة الأخبار" in html
    assert "عاجل على لوحة التحكم" in html and "بلا موعد انتهاء" in html
    assert "الأكثر قراءة على لوحة التحكم</a> — 3 قراءة" in html
