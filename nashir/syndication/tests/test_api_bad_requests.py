"""The API answers bad parameters with a JSON error or an empty list, never a 500 (issue #17)."""

import pytest

from nashir.news.tests.factories import make_article

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/articles/?published_at=x",
        "/api/v2/articles/?breaking_until=x",
        "/api/v2/articles/?published_at=2026-02-30",
        f"/api/v2/articles/?featured_image={HUGE}",
        "/api/v2/articles/?search=x&search_operator=xx",
        "/api/v2/authors/?search=x&search_operator=NEAR",
        "/api/v2/articles/?offset=-1",
    ],
)
def test_values_a_field_cannot_hold_are_a_json_400(client, article, url):
    """A filter value the column cannot hold is named in a JSON message with status 400."""
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["message"]


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v2/articles/{HUGE}/",
        f"/api/v2/sections/{HUGE}/",
        f"/api/v2/authors/{HUGE}/",
        "/api/v2/articles/2147483648/",
        "/api/v2/articles/find/?id=%C2%B2",
        "/api/v2/articles/find/?id=x",
        f"/api/v2/authors/find/?id={HUGE}",
    ],
)
def test_ids_no_row_can_have_are_a_json_404(client, article, url):
    """/api/v2/articles/99999999999999999999999/ is not found, in JSON."""
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["message"]


@pytest.mark.parametrize("endpoint", ["articles", "sections", "authors"])
@pytest.mark.parametrize("query", ['"', '"غزة', "*", "NEAR(", "OR", "-", "^", "' OR 1=1 --", "\\"])
def test_search_syntax_is_never_handed_to_the_engine(client, article, endpoint, query):
    """?search=" (FTS5's syntax error) and its friends are searched as words, or find nothing."""
    response = client.get(f"/api/v2/{endpoint}/", {"search": query})
    assert response.status_code == 200
    assert "items" in response.json()


def test_search_finds_articles_the_way_the_site_does(client, section, article):
    """Hamza, ال and the quote around it do not matter: the site's Arabic analysis is used."""
    make_article(section, "أسعار الخبز في حلب")
    for query in ('"مفاوضات', "المفاوضات", "مفاوضات*"):
        titles = [
            item["title"]
            for item in client.get(f"/api/v2/articles/?search={query}").json()["items"]
        ]
        assert titles == ["انطلاق مفاوضات جديدة في جنيف"], query
    either = client.get("/api/v2/articles/", {"search": "جنيف الخبز", "search_operator": "or"})
    assert either.json()["meta"]["total_count"] == 2
    both = client.get("/api/v2/articles/", {"search": "جنيف الخبز"})
    assert both.json()["meta"]["total_count"] == 0


def test_authors_are_searched_by_their_words(client, author):
    """An author search with quotes or stars still finds the author by name."""
    response = client.get("/api/v2/authors/", {"search": '"ريم*'})
    assert [item["name"] for item in response.json()["items"]] == ["ريم الحلبي"]


@pytest.mark.parametrize("offset", [HUGE, "18446744073709551616", "1000"])
def test_an_offset_past_the_end_lists_nothing(client, article, offset):
    """?offset=99999999999999999999: an empty page with the true total, not a database error."""
    response = client.get("/api/v2/articles/", {"offset": offset})
    assert response.status_code == 200
    assert response.json() == {"meta": {"total_count": 1}, "items": []}
