import json
import re
from datetime import datetime

import pytest
from django.test.utils import override_settings
from django.urls import reverse

from nashir.news.tests.factories import make_article
from nashir.syndication.structured_data import to_json_ld

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html):
    return {data["@type"]: data for data in map(json.loads, JSON_LD.findall(html))}


def meta(html, key):
    found = re.findall(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)
    return found


def test_article_carries_news_article_json_ld(client, article):
    """Google reads a complete NewsArticle for every article: dates, authors, publisher, image."""
    html = client.get(article.url).content.decode()
    data = json_ld(html)["NewsArticle"]
    canonical = "http://testserver" + article.url
    assert data["@context"] == "https://schema.org"
    assert data["headline"] == "انطلاق مفاوضات جديدة في جنيف"
    assert len(data["image"]) == 3 and all(
        u.startswith("http://testserver/") for u in data["image"]
    )
    for key in ("datePublished", "dateModified"):
        assert datetime.fromisoformat(data[key]).utcoffset() is not None, key
    assert data["author"] == [
        {"@type": "Person", "name": "ريم الحلبي", "url": "http://testserver/author/reem/"}
    ]
    publisher = data["publisher"]
    assert publisher["@type"] == "Organization" and publisher["name"] == "ناشر"
    assert publisher["logo"]["@type"] == "ImageObject"
    assert publisher["logo"]["url"].endswith(".png")
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": canonical}
    assert data["inLanguage"] == "ar"
    assert data["articleSection"] == "سوريا"
    assert sorted(data["keywords"]) == ["جنيف", "مفاوضات"]


def test_article_without_image_still_names_an_image(client, section, author):
    """An article without a photo still gives Google an image (the publisher's logo)."""
    plain = make_article(section, authors=[author])
    data = json_ld(client.get(plain.url).content.decode())["NewsArticle"]
    assert data["image"] == [data["publisher"]["logo"]["url"]]


def test_article_breadcrumbs(client, article):
    """Search results show الرئيسية › سوريا › the headline."""
    data = json_ld(client.get(article.url).content.decode())["BreadcrumbList"]
    items = data["itemListElement"]
    assert [i["position"] for i in items] == [1, 2, 3]
    assert [i["name"] for i in items] == ["الرئيسية", "سوريا", article.title]
    assert items[1]["item"] == "http://testserver/syria/"
    assert items[2]["item"] == "http://testserver" + article.url


def test_article_social_tags_and_canonical(client, article):
    """Shared on social sites an article shows its headline, summary and photo; one canonical URL."""
    html = client.get(article.url).content.decode()
    canonical = "http://testserver" + article.url
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert meta(html, "og:type") == ["article"]
    assert meta(html, "og:title") == [article.title]
    assert meta(html, "og:description") == ["ملخص قصير للخبر."]
    assert meta(html, "og:url") == [canonical]
    assert meta(html, "og:image")[0].startswith("http://testserver/")
    assert meta(html, "twitter:card") == ["summary_large_image"]
    assert sorted(meta(html, "article:tag")) == ["جنيف", "مفاوضات"]
    assert '<meta name="description" content="ملخص قصير للخبر.">' in html
    assert 'href="/feed/section/syria/"' in html


def test_home_page_has_website_with_search_action(client, article):
    """The home page tells Google how to search the site (the sitelinks search box)."""
    html = client.get("/").content.decode()
    data = json_ld(html)["WebSite"]
    assert data["url"] == "http://testserver/"
    action = data["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://testserver/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/feed/atom/"' in html


def test_listing_pages_link_their_own_feeds(client, article):
    """Section, author and tag pages announce their own feeds to feed readers."""
    slug = article.tag_list[0].slug
    for url, feed in (
        ("/syria/", "/feed/section/syria/"),
        ("/author/reem/", "/feed/author/reem/"),
        (reverse("tag", kwargs={"slug": slug}), reverse("tag_feed", kwargs={"slug": slug})),
    ):
        html = client.get(url).content.decode()
        assert f'href="{feed}"' in html, url
        assert f'href="{feed}atom/"' in html, url


def test_json_ld_cannot_break_out_of_its_script(client, section, author):
    """A headline containing </script> cannot inject markup into the page."""
    nasty = make_article(
        section, "عنوان </script><script>alert(1)</script> & <b>", authors=[author]
    )
    html = client.get(nasty.url).content.decode()
    block = JSON_LD.findall(html)
    assert all("<" not in b and ">" not in b for b in block)
    assert json_ld(html)["NewsArticle"]["headline"] == nasty.title
    assert to_json_ld({"a": "ن<>&"}) == '{"a":"ن\\u003c\\u003e\\u0026"}'


@override_settings(TIME_ZONE="Asia/Damascus")
def test_dates_carry_the_newsroom_offset(client, article):
    """Dates are written with the newsroom's UTC offset (+03:00 in Damascus)."""
    data = json_ld(client.get(article.url).content.decode())["NewsArticle"]
    assert data["datePublished"].endswith("+03:00")
