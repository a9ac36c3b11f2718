import pytest
from django.test import override_settings

from nashir.news.tests.factories import make_article, make_section
from nashir.people.tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db


def html_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def main_of(client, url):
    """The page's main content, without the ticker and navigation that every page carries."""
    return html_of(client, url).split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_home_page_has_lead_latest_and_a_block_per_section(client, home, section):
    """The front page leads with a story, lists the latest and gives each section a block."""
    economy = make_section(home, "اقتصاد", "economy")
    make_article(section, "خبر من سوريا", hours_ago=5)
    make_article(economy, "خبر اقتصادي", hours_ago=1)
    for i in range(3):
        make_article(section, f"خبر أقدم {i}", hours_ago=10 + i)
    html = html_of(client, "/")
    assert '<html lang="ar" dir="rtl">' in html
    assert 'class="lead"' in html and "خبر اقتصادي" in html
    assert "أحدث المقالات" in html
    assert 'href="/syria/"' in html and 'href="/economy/"' in html  # navigation and blocks
    assert html.count('class="section-block"') == 2


def test_breaking_article_leads_the_home_page_and_the_ticker(client, section):
    """A breaking article is the lead story and the first ticker item, even if older."""
    make_article(section, "خبر عادي أحدث", hours_ago=1)
    make_article(section, "خبر عاجل أقدم", hours_ago=10, breaking=True)
    html = html_of(client, "/")
    lead = html.split('class="lead"', 1)[1].split("</section>", 1)[0]
    assert "خبر عاجل أقدم" in lead
    ticker = html.split('<section class="ticker', 1)[1].split("</section>", 1)[0]
    assert ticker.index("خبر عاجل أقدم") < ticker.index("خبر عادي أحدث")


@override_settings(NASHIR_PAGE_SIZE=3)
@pytest.mark.parametrize("kind", ["section", "author", "tag"])
def test_listings_paginate_newest_first(client, section, kind):
    """Section, author and tag pages show N per page, newest first, with working page links."""
    author = AuthorFactory(slug="writer")
    titles = [f"مقال رقم {i}" for i in range(7)]
    for i, title in enumerate(titles):
        make_article(section, title, authors=[author], tags=["الطاقة"], hours_ago=100 - i)
    url = {"section": "/syria/", "author": "/author/writer/", "tag": "/tag/الطاقة/"}[kind]
    first = main_of(client, url)
    assert "مقال رقم 6" in first and "مقال رقم 4" in first and "مقال رقم 3" not in first
    assert first.index("مقال رقم 6") < first.index("مقال رقم 5")
    assert 'rel="next" href="?page=2"' in first
    third = main_of(client, url + "?page=3")
    assert "مقال رقم 0" in third and 'rel="prev"' in third
    assert "الصفحة غير موجودة" in html_of(client, url + "?page=4", status=404)
    assert "الصفحة غير موجودة" in html_of(client, url + "?page=abc", status=404)


def test_unpublished_articles_never_appear_anywhere(client, home, section):
    """A draft or an unpublished article is absent from ticker, lists, related, author page, feeds of links."""
    author = AuthorFactory(slug="writer")
    shown = make_article(section, "مقال منشور", authors=[author], tags=["الماء"])
    make_article(section, "مسودة سرية", authors=[author], tags=["الماء"], live=False)
    withdrawn = make_article(section, "مقال مسحوب", authors=[author], tags=["الماء"])
    withdrawn.unpublish()
    reader = make_article(section, "مقال للقراءة", tags=["الماء"], body=[("read_also", withdrawn)])
    pages = ["/", "/syria/", "/author/writer/", "/tag/الماء/", shown.url, reader.url]
    for url in pages:
        html = html_of(client, url)
        assert "مسودة سرية" not in html, url
        assert "مقال مسحوب" not in html, url
    assert client.get(withdrawn.url).status_code == 404


def test_private_articles_are_not_listed(client, section):
    """An article behind a password is not shown in public lists or the ticker."""
    from wagtail.models import PageViewRestriction

    secret = make_article(section, "مقال محمي بكلمة سر")
    PageViewRestriction.objects.create(page=secret, restriction_type="password", password="x")
    make_article(section, "مقال عام")
    html = html_of(client, "/")
    assert "مقال عام" in html and "مقال محمي بكلمة سر" not in html


def test_wrong_urls_get_the_arabic_404(client, section):
    """Unknown pages, authors and tags answer 404 with an Arabic page that links home."""
    for url in ["/لا-يوجد/", "/syria/no-such-article/", "/author/nobody/", "/tag/غير-موجود/"]:
        html = html_of(client, url, status=404)
        assert '<html lang="ar" dir="rtl">' in html
        assert "الصفحة غير موجودة" in html
        assert 'href="/"' in html


def test_an_arabic_slug_is_served(client, section):
    """An article with an Arabic slug is reachable at its percent-encoded URL."""
    article = make_article(section, "خبر بعنوان عربي")
    article.slug = "خبر-بعنوان-عربي"
    article.save_revision().publish()
    response = client.get(
        "/syria/%D8%AE%D8%A8%D8%B1-%D8%A8%D8%B9%D9%86%D9%88%D8%A7%D9%86-%D8%B9%D8%B1%D8%A8%D9%8A/"
    )
    assert response.status_code == 200
    assert "خبر بعنوان عربي" in response.content.decode()


def test_article_keeps_its_section_when_moved(client, home, section):
    """Moving an article to another section files it there (its card and breadcrumb follow)."""
    economy = make_section(home, "اقتصاد", "economy")
    article = make_article(section, "خبر سينتقل")
    article.move(economy, pos="last-child")
    article.refresh_from_db()
    assert article.section_id == economy.pk
    assert "خبر سينتقل" in main_of(client, "/economy/")
    assert "خبر سينتقل" not in main_of(client, "/syria/")


def test_a_restricted_article_asks_for_its_password(client, section):
    """The fast route and cached restriction list still protect a password-restricted article."""
    from wagtail.models import PageViewRestriction

    secret = make_article(section, "مقال محمي", summary="ملخص سري جداً")
    html = html_of(client, secret.url)
    assert "ملخص سري جداً" in html
    PageViewRestriction.objects.create(page=secret, restriction_type="password", password="x")
    html = client.get(secret.url).content.decode()
    assert "ملخص سري جداً" not in html
    assert 'name="password"' in html


@override_settings(NASHIR_PAGE_SIZE=2)
def test_listings_count_a_bounded_number_of_pages(client, section, monkeypatch):
    """Deep pages beyond the cap are not counted (flat cost); readers use search for the archive."""
    from nashir.news.models import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "MAX_PAGES", 2)
    for i in range(6):
        make_article(section, f"مقال الأرشيف {i}", hours_ago=10 + i)
    assert 'href="?page=2"' in main_of(client, "/syria/")
    assert "مقال الأرشيف 2" in main_of(client, "/syria/?page=2")
    assert client.get("/syria/?page=3").status_code == 404
