"""The newsroom layout: a lead and a hierarchy on listings, headings in order, the article's
rail, the front page's opinion writers."""

import re

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings
from wagtail.models import Site

from nashir.core.models import SiteBranding
from nashir.news.tests.factories import make_article, make_image, make_section
from nashir.people.tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def heading_levels(soup):
    main = soup.find("main")
    return [int(h.name[1]) for h in main.find_all(re.compile(r"^h[1-6]$"))]


def assert_outline_in_order(levels):
    """No heading skips a level below the one before it (axe's heading-order)."""
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


@pytest.mark.parametrize("kind", ["section", "tag", "author"])
def test_listings_lead_with_one_story_and_keep_headings_in_order(client, section, kind):
    """Section, tag and author pages: a lead, two stories with pictures, then rows; every
    headline one level under the page's h1."""
    author = AuthorFactory(slug="writer")
    for i in range(6):
        make_article(
            section, f"مقال {i}", authors=[author], tags=["المياه"], hours_ago=10 - i, image=True
        )
    url = {"section": "/syria/", "tag": "/tag/المياه/", "author": "/author/writer/"}[kind]
    soup = soup_of(client, url)
    cards = soup.select("main article.card")
    tiers = [c["class"][1] for c in cards]
    assert tiers == [
        "card--lead",
        "card--secondary",
        "card--secondary",
        "card--row",
        "card--row",
        "card--row",
    ]
    assert cards[0].select_one(".card__title").get_text() == "مقال 5"
    assert_outline_in_order(heading_levels(soup))
    assert {c.select_one(".card__title").name for c in cards} == {"h2"}


@override_settings(NASHIR_PAGE_SIZE=2)
def test_later_pages_of_a_listing_are_rows(client, section):
    """Page 2 has no lead: every story is a row."""
    for i in range(5):
        make_article(section, f"مقال {i}", hours_ago=10 - i)
    soup = soup_of(client, "/syria/?page=2")
    assert [c["class"][1] for c in soup.select("main article.card")] == ["card--row"] * 2


def test_home_has_a_hierarchy_not_equal_cards(client, home, section):
    """The front page: one lead, two beside it, the latest as rows, then section blocks with
    «المزيد»; a story above is not repeated in its section's block; headings in order."""
    economy = make_section(home, "اقتصاد", "economy")
    for i in range(10):
        make_article(section, f"سوريا {i}", hours_ago=i + 1, image=True)
    for i in range(6):
        make_article(economy, f"اقتصاد {i}", hours_ago=20 + i, image=True)
    soup = soup_of(client, "/")
    assert len(soup.select(".lead .card--lead")) == 1
    assert len(soup.select(".front__secondary .card--secondary")) == 2
    assert len(soup.select(".latest .card--row")) == 6
    blocks = soup.select(".section-block")
    assert [b.select_one(".block-title").get_text() for b in blocks] == ["سوريا", "اقتصاد"]
    for block in blocks:
        more = block.select_one("a.more-link")
        assert more["href"] == block.select_one(".block-title a")["href"]
        assert "المزيد" in more.get_text()
    above = {a.get_text() for a in soup.select(".front .card__title a")}
    in_blocks = [a.get_text() for a in soup.select(".section-block .card__title a")]
    assert "سوريا 0" in above and not above & set(in_blocks[:4]), in_blocks
    assert_outline_in_order(heading_levels(soup))


def test_home_shows_opinion_writers_with_their_photos(client, home, section):
    """The opinion section chosen in «هوية الموقع» shows its pieces with the writers' photos."""
    opinion = make_section(home, "رأي", "opinion")
    writer = AuthorFactory(name="هالة منصور", slug="hala")
    writer.photo = make_image("هالة")
    writer.save()
    make_article(opinion, "هل ما زلنا نقرأ؟", authors=[writer])
    make_article(section, "خبر", hours_ago=1)
    branding = SiteBranding.for_site(Site.objects.get(is_default_site=True))
    branding.opinion_section = opinion
    branding.save()
    soup = soup_of(client, "/")
    piece = soup.select_one(".opinion-block .opinion")
    assert piece.select_one(".opinion__writer").get_text(strip=True) == "هالة منصور"
    assert piece.select_one("img.opinion__photo")["src"]
    assert piece.select_one(".opinion__title").get_text(strip=True) == "هل ما زلنا نقرأ؟"
    assert "هل ما زلنا نقرأ؟" not in " ".join(b.get_text() for b in soup.select(".section-block"))


def test_article_rail_lists_the_latest_of_its_section_without_itself(client, section):
    """«الأحدث في سوريا» beside the article: the section's newest, the article itself left out."""
    older = [make_article(section, f"أقدم {i}", hours_ago=50 + i) for i in range(7)]
    article = make_article(section, "المقال المفتوح", hours_ago=1)
    soup = soup_of(client, article.url)
    rail = soup.select_one(".rail .latest-list")
    assert rail.select_one("h2").get_text() == "الأحدث في سوريا"
    titles = [a.get_text() for a in rail.select("li a")]
    assert titles == [a.title for a in older[:5]]
    assert "المقال المفتوح" not in titles
    # «مقالات ذات صلة» are compact rows inside the reading column.
    assert soup.select_one(".article-layout__main") is not None


def test_a_new_article_reaches_the_rail_after_a_publish(client, section):
    """The rail's list is cached, and dropped when an article is published."""
    article = make_article(section, "المقال المفتوح", hours_ago=5)
    client.get(article.url)
    make_article(section, "خبر جديد للتو")
    other = make_article(section, "مقال آخر", hours_ago=9)
    titles = [a.get_text() for a in soup_of(client, other.url).select(".latest-list li a")]
    assert titles[0] == "خبر جديد للتو"


def test_card_tiers_and_heading_levels(rf, section):
    """{% article_card %}: tier and heading level are part of the card (and of its cache key)."""
    from django.template import Context, Template

    from nashir.news.models import ArticlePage

    article = make_article(section, "عنوان", image=True)
    article = ArticlePage.objects.for_listing().get(pk=article.pk)
    request = rf.get("/")
    template = Template(
        "{% load news_tags %}{% article_card a tier='row' heading=2 %}|{% article_card a tier='text' %}"
        "|{% article_card a lead=True %}"
    )
    row, text, lead = template.render(Context({"a": article, "request": request})).split("|")
    assert (
        'class="card card--row card--pictured"' in row and "<h2 " in row and "fill-240x160" in row
    )
    assert 'class="card card--text"' in text and "<img" not in text and "<h3 " in text
    assert "card--lead" in lead and "<h2 " in lead and 'class="card__summary"' in lead
