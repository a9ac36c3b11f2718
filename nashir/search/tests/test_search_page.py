"""The /search/ page as a reader uses it: results, snippets, filters, paging, messages."""

import pytest
from django.urls import reverse

from nashir.news.tests.factories import make_article, make_section
from nashir.search.query import MAX_QUERY_LENGTH

pytestmark = pytest.mark.django_db

URL = "/search/"


def result_titles(response):
    return [a.title for a in response.context["results"]] if response.context["results"] else []


def test_results_are_listed_with_count_and_highlighted_snippet(newsroom, client):
    """A search for بغزة lists the Gaza story, says how many, and marks the matched word."""
    response = client.get(URL, {"q": "بغزة"})
    html = response.content.decode()
    assert response.status_code == 200
    assert result_titles(response)[0] == "قصف مدفعي عنيف بغزة"
    assert 'role="status">نتيجة واحدة<' in html
    assert "<mark>للقطاع</mark>" not in html
    assert "القذائف على الأحياء" in html
    assert "قصف مدفعي عنيف <mark>بغزة</mark></a></h2>" in html  # the headline is marked too


def test_snippet_marks_every_spelling_of_the_query(newsroom, client):
    """«الامارات» marks «الإمارات» in the snippet: readers see why the story matched."""
    response = client.get(URL, {"q": "الامارات"})
    assert "<mark>الإمارات</mark>" in response.content.decode()


def test_empty_query_asks_for_a_word(client, home):
    """No query: the page asks the reader to type a word instead of listing nothing."""
    response = client.get(URL)
    assert response.status_code == 200
    assert "اكتب كلمة للبحث" in response.content.decode()
    assert response.context["results"] is None


@pytest.mark.parametrize("junk", ["في من على", "!!! ... ؟؟؟", "   "])
def test_junk_query_gets_a_clear_message(client, home, junk):
    """Only stopwords or punctuation: an Arabic explanation, not an empty list or an error."""
    response = client.get(URL, {"q": junk})
    html = response.content.decode()
    assert response.status_code == 200
    assert ("لم نجد في" in html) or ("اكتب كلمة للبحث" in html)


def test_no_results_says_so(newsroom, client):
    """A real word that no article uses gets «لم نجد نتائج»."""
    response = client.get(URL, {"q": "زلزال"})
    assert "لم نجد نتائج" in response.content.decode()


def test_query_is_capped(newsroom, client):
    """A very long query is cut to MAX_QUERY_LENGTH characters and the reader is told."""
    response = client.get(URL, {"q": "غزة " * 200})
    assert response.status_code == 200
    assert len(response.context["query"]) == MAX_QUERY_LENGTH
    assert "البحث طويل جداً" in response.content.decode()
    assert result_titles(response) == ["قصف مدفعي عنيف بغزة"]


def test_section_filter(newsroom, client):
    """Choosing a section keeps only its articles."""
    everywhere = result_titles(client.get(URL, {"q": "وزارة"}))
    in_health = result_titles(client.get(URL, {"q": "وزارة", "section": "health"}))
    assert len(everywhere) > len(in_health) > 0
    assert all(newsroom.articles_by_title[t].section.slug == "health" for t in in_health)


def test_author_filter(newsroom, client):
    """Choosing an author keeps only the articles they signed."""
    titles = result_titles(client.get(URL, {"q": "وزارة", "author": "reem"}))
    assert titles
    for title in titles:
        names = [b.author.name for b in newsroom.articles_by_title[title].bylines.all()]
        assert names == ["ريم حداد"]


def test_date_range_filter(newsroom, client):
    """A date range keeps only articles published within it."""
    gaza = newsroom.articles["gaza-shelling"]  # published one day ago
    day = gaza.published_at.astimezone().date().isoformat()
    assert result_titles(client.get(URL, {"q": "قصف", "date_from": day, "date_to": day})) == [
        gaza.title
    ]
    assert result_titles(client.get(URL, {"q": "قصف", "date_to": "2000-01-01"})) == []


def test_bad_filters_are_ignored(newsroom, client):
    """An unknown section or a malformed date does not break the page."""
    response = client.get(URL, {"q": "غزة", "section": "nope", "date_from": "أمس"})
    assert response.status_code == 200
    assert result_titles(response) == ["قصف مدفعي عنيف بغزة"]


def test_pagination_keeps_the_query(client, home):
    """Many results are split into pages of ten whose links keep the query and filters."""
    section = make_section(home, "زلازل", "quakes")
    for n in range(12):
        make_article(section, f"زلزال بقوة {n} درجات", hours_ago=n)
    first = client.get(URL, {"q": "الزلزال", "section": "quakes"})
    second = client.get(URL, {"q": "الزلزال", "section": "quakes", "page": 2})
    assert "12 نتيجة" in first.content.decode()
    assert len(result_titles(first)) == 10 and len(result_titles(second)) == 2
    assert not set(result_titles(first)) & set(result_titles(second))
    assert "?q=%D8%A7%D9%84%D8%B2%D9%84%D8%B2%D8%A7%D9%84&amp;section=quakes&amp;page=2" in (
        first.content.decode()
    )
    assert client.get(URL, {"q": "الزلزال", "page": 9}).status_code == 404
    assert client.get(URL, {"q": "الزلزال", "page": "x"}).status_code == 404


def test_fresher_story_wins_a_tie(client, home):
    """Two equally relevant stories: the newer one is listed first."""
    section = make_section(home, "طقس", "weather")
    old = make_article(section, "عاصفة رملية تضرب البادية", hours_ago=24 * 60)
    new = make_article(section, "عاصفة رملية تضرب البادية", hours_ago=2)
    older_still = make_article(section, "عاصفة رملية تضرب البادية", hours_ago=24 * 400)
    titles = [a.pk for a in client.get(URL, {"q": "العاصفة الرملية"}).context["results"]]
    assert titles == [new.pk, old.pk, older_still.pk]


def test_header_has_a_search_box(client, home):
    """Every page's header carries a labelled search form pointing at /search/."""
    html = client.get("/").content.decode()
    assert 'role="search" action="/search/"' in html
    assert '<label class="visually-hidden" for="masthead-q">ابحث في الموقع</label>' in html
    assert reverse("search") == URL


def test_results_page_costs_a_fixed_number_of_queries(
    newsroom, client, django_assert_max_num_queries
):
    """Ten results with snippets do not cost a query each."""
    client.get(URL, {"q": "مدينة"})  # fills the shared caches (site, navigation, ticker)
    with django_assert_max_num_queries(4):
        response = client.get(URL, {"q": "وزارة"})
    assert len(result_titles(response)) > 3


def test_snippets_of_articles_with_links_and_pictures_cost_no_queries(
    client, home, django_assert_max_num_queries
):
    """Results whose bodies hold «اقرأ أيضاً» links and pictures still cost no query each."""
    from nashir.news.tests.factories import make_image

    section = make_section(home, "موانئ", "ports")
    target = make_article(section, "خبر مرتبط عن الموانئ")
    for i in range(5):
        make_article(
            section,
            f"ميناء اللاذقية يستقبل سفينة رقم {i}",
            body=[
                ("paragraph", "<p>وصلت سفينة محمّلة بالقمح إلى ميناء اللاذقية.</p>"),
                ("read_also", target),
                ("image", {"image": make_image(), "caption": "رصيف الميناء", "credit": ""}),
            ],
        )
    client.get(URL, {"q": "مدينة"})  # fills the shared caches (site, navigation, ticker)
    with django_assert_max_num_queries(4):
        response = client.get(URL, {"q": "ميناء"})
    assert len(result_titles(response)) == 5


def test_filter_lists_follow_new_sections_and_authors(client, home):
    """A section or writer added by the desk is offered in the filters on the next search."""
    from nashir.people.tests.factories import AuthorFactory

    client.get(URL, {"q": "مدينة"})
    make_section(home, "منوعات", "variety")
    AuthorFactory(slug="samir", name="سمير حداد")
    html = client.get(URL, {"q": "مدينة", "section": "variety"}).content.decode()
    assert '<option value="variety" selected>منوعات</option>' in html
    assert '<option value="samir">سمير حداد</option>' in html
