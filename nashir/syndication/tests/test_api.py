import pytest

from nashir.news.tests.factories import make_article, make_section
from nashir.people.tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db


def items(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return response.json()["items"]


def test_article_detail_carries_what_the_page_shows(client, article, section, author):
    """An app reading /api/v2/articles/<id>/ gets body, byline, section, tags, image and related."""
    other = make_article(section, "خبر قريب", authors=[author], tags=["جنيف"])
    data = client.get(f"/api/v2/articles/{article.pk}/").json()
    assert data["title"] == article.title
    assert data["summary"] == "ملخص قصير للخبر."
    assert [b["type"] for b in data["body"]] == ["paragraph", "subheading"]
    assert "خلفيات" in data["body_html"]
    assert data["authors"] == [
        {
            "id": author.pk,
            "name": "ريم الحلبي",
            "slug": "reem",
            "role": "مراسل",
            "is_desk": False,
            "url": "http://testserver/author/reem/",
        }
    ]
    assert data["section"]["slug"] == "syria"
    assert sorted(data["tags"]) == ["جنيف", "مفاوضات"]
    assert data["featured_image"]["url"]
    assert data["published_at"]
    assert data["breaking"] is False
    assert [r["id"] for r in data["related"]] == [other.pk]
    assert data["related"][0]["url"] == "http://testserver" + other.url


def test_articles_filter_by_section_author_and_tag(client, home, section, author):
    """?section=, ?author= and ?tag= take the same slugs as the site's own URLs."""
    economy = make_section(home, "اقتصاد", "economy")
    other = AuthorFactory(slug="samer")
    syria = make_article(section, authors=[author], tags=["حلب"])
    money = make_article(economy, authors=[other], tags=["ليرة"])
    both = make_article(economy, authors=[author, other], tags=["حلب", "ليرة"])

    def ids(query):
        return {item["id"] for item in items(client, f"/api/v2/articles/?{query}")}

    assert ids("section=syria") == {syria.pk}
    assert ids("section=economy") == {money.pk, both.pk}
    assert ids("author=reem") == {syria.pk, both.pk}
    assert ids("author=samer&section=economy") == {money.pk, both.pk}
    assert ids("tag=حلب") == {syria.pk, both.pk}
    assert ids("tags=ليرة") == {money.pk, both.pk}
    assert ids("section=nowhere") == set()


def test_articles_are_paginated_newest_first(client, section, author):
    """Listings page with limit/offset and report the total, newest article first."""
    made = [make_article(section, authors=[author], hours_ago=h) for h in (5, 1, 3)]
    response = client.get("/api/v2/articles/?limit=2").json()
    assert response["meta"]["total_count"] == 3
    assert [i["id"] for i in response["items"]] == [made[1].pk, made[2].pk]
    rest = items(client, "/api/v2/articles/?limit=2&offset=2")
    assert [i["id"] for i in rest] == [made[0].pk]


def test_listing_costs_a_fixed_number_of_queries(client, section, author):
    """A full listing (?fields=*) costs the same for 2 articles as for 6; related is detail-only."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        url = "/api/v2/articles/?fields=*"
        client.get(url)  # warm renditions and rendered bodies
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(2):
        make_article(section, authors=[author], tags=["أ"], image=True)
    few = count()
    for _ in range(4):
        make_article(section, authors=[AuthorFactory()], tags=["ب", "ج"], image=True)
    assert count() == few
    assert client.get("/api/v2/articles/?fields=related").status_code == 400


def test_sections_and_authors_endpoints(client, article, author):
    """Sections and authors can be listed and read one by one."""
    [section] = items(client, "/api/v2/sections/")
    assert section["title"] == "سوريا"
    detail = client.get(f"/api/v2/sections/{section['id']}/").json()
    assert "intro" in detail
    [listed] = items(client, "/api/v2/authors/")
    assert listed["name"] == "ريم الحلبي" and listed["url"] == "http://testserver/author/reem/"
    detail = client.get(f"/api/v2/authors/{author.pk}/").json()
    assert detail["bio"] == author.bio
    assert "email" not in detail


def test_author_email_cannot_be_requested_filtered_or_sorted_on(client, author):
    """Asking for an author's e-mail in any way is refused, and never answered."""
    for query in ("fields=email", "fields=*,email", "email=reem@newsroom.example", "order=email"):
        response = client.get(f"/api/v2/authors/?{query}")
        assert response.status_code == 400, query
        assert "reem@newsroom.example" not in response.content.decode()
    assert "@" not in client.get("/api/v2/authors/?fields=*").content.decode()


def test_articles_endpoint_ignores_other_page_types(client, article):
    """/api/v2/articles/ lists articles only, even when asked for another type."""
    listed = items(client, "/api/v2/articles/?type=wagtailcore.Page")
    assert [i["meta"]["type"] for i in listed] == ["news.ArticlePage"]
