import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from nashir.news.models import ArticlePage
from nashir.news.templatetags.news_tags import ticker_items
from nashir.news.tests.factories import make_article

from .conftest import edit_form_data

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def mark_breaking(article, until):
    ArticlePage.objects.filter(pk=article.pk).update(breaking=True, breaking_until=until)
    article.refresh_from_db()
    return article


def banner(html):
    match = re.search(r'<aside class="breaking-banner".*?</aside>', html, re.S)
    return match.group(0) if match else ""


def lead(html):
    """The home page's lead story: a breaking story leads, marked «عاجل» (the banner lists the
    other breaking stories, so the lead's headline is not repeated above it)."""
    match = re.search(r'<section class="lead".*?</section>', html, re.S)
    return match.group(0) if match else ""


def test_breaking_article_leads_ticker_and_home_banner_until_it_expires(client, section):
    """«عاجل» leads the ticker and the home page banner, then quietly drops back — no republish."""
    with time_machine.travel(NOON, tick=False) as traveller:
        old = make_article(section, "انفجار في مرفأ اللاذقية", hours_ago=5)
        make_article(section, "أسعار الخبز اليوم", hours_ago=1)
        mark_breaking(old, NOON + timedelta(hours=2))

        assert [a.title for a in ticker_items()][0] == "انفجار في مرفأ اللاذقية"
        html = client.get("/").content.decode()
        assert "انفجار في مرفأ اللاذقية" in lead(html)
        assert '<span class="badge">عاجل</span>' in lead(html)
        assert banner(html) == ""  # the only breaking story is the lead: no repeat
        other = make_article(section, "حريق في سوق المدينة", hours_ago=3)
        mark_breaking(other, NOON + timedelta(hours=2))
        html = client.get("/").content.decode()
        # The newer breaking story leads; the banner (wide screens) lists the older one.
        assert "حريق في سوق المدينة" in lead(html)
        assert f'href="{old.url}"' in banner(html) and f'href="{other.url}"' not in banner(html)
        assert re.search(r'ticker__item--breaking">.*?انفجار في مرفأ اللاذقية', html)

        traveller.move_to(NOON + timedelta(hours=2, minutes=1))
        assert [a.title for a in ticker_items()][0] == "أسعار الخبز اليوم"
        html = client.get("/").content.decode()
        assert banner(html) == ""
        assert "ticker__item--breaking" not in html
        article_html = client.get(old.url).content.decode()
        assert '<span class="badge">عاجل</span>' not in article_html


def test_breaking_without_an_end_time_stays_until_an_editor_unmarks_it(client, section):
    """An empty «عاجل حتى» keeps the article breaking."""
    with time_machine.travel(NOON, tick=False) as traveller:
        article = mark_breaking(make_article(section, "عاجل مفتوح"), None)
        traveller.move_to(NOON + timedelta(days=3))
        assert article.is_breaking
        assert list(ArticlePage.objects.breaking_now()) == [article]
        assert "عاجل مفتوح" in lead(client.get("/").content.decode())


def test_page_caches_can_ask_when_the_next_breaking_mark_runs_out(section):
    """A cache layer can bound its lifetime by the soonest «عاجل» expiry."""
    with time_machine.travel(NOON, tick=False):
        mark_breaking(make_article(section), NOON + timedelta(hours=3))
        mark_breaking(make_article(section), NOON + timedelta(hours=1))
        mark_breaking(make_article(section), NOON - timedelta(hours=1))  # already over
        mark_breaking(make_article(section), None)
        assert ArticlePage.objects.next_breaking_expiry() == NOON + timedelta(hours=1)


def test_editor_marks_an_article_breaking_in_the_admin(client, section, editor):
    """The «خبر عاجل» panel takes a flag and an end time, and publishing puts it on the banner."""
    article = make_article(section, "زلزال بقوة 5 درجات")
    client.force_login(editor)
    until = datetime.now(UTC) + timedelta(hours=2)
    data = edit_form_data(article, editor, breaking=True, breaking_until=until)
    data["breaking"] = "on"
    data["action-publish"] = "1"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_breaking
    assert abs(article.breaking_until - until) < timedelta(minutes=1)
    client.logout()
    assert "زلزال بقوة 5 درجات" in lead(client.get("/").content.decode())
