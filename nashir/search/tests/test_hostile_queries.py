"""Whatever a reader (or a bot) types, the search page answers and never errors."""

from urllib.parse import quote

import pytest

from nashir.search.query import plan, wagtail_query

pytestmark = pytest.mark.django_db

HOSTILE = [
    "غزة " * 5000,
    "x" * 10_000,
    "!!!؟؟؟...،،،«»",
    '"',
    '"غزة',
    "غزة*",
    "*",
    "NEAR(غزة قصف)",
    "NEAR(",
    "غزة OR قصف",
    "OR",
    "AND NOT",
    "-غزة",
    "^غزة",
    "title:غزة",
    "{title body}: غزة",
    "غزة'); DROP TABLE wagtailcore_page; --",
    "' OR 1=1 --",
    "1; SELECT * FROM auth_user",
    "غزة\ud800",
    "\udfff\ud800",
    "\u202eغزة\u202c",
    "ﷺ ﷽",
    "%s %(x)s {0}",
    "\\",
    "&&& |||",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_query_never_errors(newsroom, client, query):
    """FTS syntax, SQL fragments, huge input and lone surrogates give a normal page."""
    # Sent as raw bytes, as a browser or bot would: lone surrogates become invalid UTF-8.
    raw = quote(query.encode("utf-8", "surrogatepass"))
    response = client.get(f"/search/?q={raw}")
    assert response.status_code == 200


@pytest.mark.parametrize("query", HOSTILE)
def test_nothing_but_letters_and_digits_reaches_the_engine(query):
    """The engine only ever sees analysed terms: no quote, star, colon or bracket."""
    search_plan = plan(query)
    for term in search_plan.terms:
        assert term.isalnum(), term
    if not search_plan.is_empty:
        assert wagtail_query(search_plan.alternatives)


def test_a_nul_character_is_a_bad_request_in_arabic(newsroom, client):
    """NUL has no place in a search (PostgreSQL refuses it in any query): 400, in Arabic."""
    response = client.get("/search/?q=%00%D8%BA%D8%B2%D8%A9%00")
    assert response.status_code == 400
    assert "طلب غير صالح" in response.content.decode()


def test_invalid_utf8_in_the_address_is_survived(newsroom, client):
    """Broken percent-encoding (not UTF-8 at all) still gives a normal page."""
    assert client.get("/search/?q=%FF%FE%ED%A0%80%C0").status_code == 200
    assert client.get("/search/?q=%D8%BA%D8%B2%D8%A9%ED%A0%80").status_code == 200


def test_fts_operators_are_plain_words(newsroom, client):
    """«غزة OR قصف» means all three words, not an FTS OR: nothing uses "or", so no results."""
    response = client.get("/search/", {"q": "غزة OR قصف"})
    assert response.context["results"].paginator.count == 0
    assert client.get("/search/", {"q": '"غزة" -قصف*'}).context["results"].paginator.count == 1


@pytest.mark.parametrize(
    ("date_from", "date_to", "finds"),
    [
        ("0001-01-01", "", "all"),  # from the beginning of the calendar: everything
        ("", "9999-12-31", "all"),  # to its end: everything
        ("0001-01-01", "9999-12-31", "all"),
        ("9999-12-31", "", "none"),
        ("", "0001-01-01", "none"),
        ("2026-02-30", "", "all"),  # no such day: the filter is dropped, as any malformed one
        ("99999-01-01", "", "all"),
    ],
)
def test_dates_at_the_ends_of_the_calendar_filter_as_meant(
    newsroom, client, date_from, date_to, finds
):
    """0001-01-01 has no UTC instant in the newsroom's time zone (an OverflowError, a 500):
    the earliest instant stands in, so the filter means what the reader meant."""
    everything = client.get("/search/", {"q": "غزة"}).context["results"].paginator.count
    assert everything > 0
    response = client.get("/search/", {"q": "غزة", "date_from": date_from, "date_to": date_to})
    assert response.status_code == 200
    count = response.context["results"].paginator.count
    assert count == (everything if finds == "all" else 0)
