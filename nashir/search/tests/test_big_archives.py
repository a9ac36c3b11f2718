"""How search behaves once an archive is big: the limits that keep it fast must not lose stories.

The thresholds are shrunk so a handful of articles stand for a big archive.
"""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from nashir.news.models import ArticlePage
from nashir.news.tests.factories import make_article
from nashir.search import query

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="limits of the SQLite FTS5 path"),
]

URL = "/search/"


def titles(response):
    return [a.title for a in response.context["results"] or []]


@pytest.fixture
def archive(section):
    """The city is in nearly every story (a common word); the convoy in three (a telling one)."""
    stories = {}
    for days, title, body in [
        (9, "مجلس المدينة يقر الميزانية", "ناقش مجلس المدينة بنود الميزانية الجديدة."),
        (
            7,
            "قافلة إغاثة تدخل المدينة",
            "دخلت قافلة إغاثة المدينة، والقافلة تحمل أدوية والقافلة الثانية تنتظر.",
        ),
        (5, "سوق المدينة يستعد للعيد", "تزدحم أسواق المدينة قبل العيد."),
        (3, "قافلة طبية في المدينة", "وصلت قافلة طبية إلى المدينة."),
        (1, "ملعب المدينة يفتح أبوابه", "افتتح ملعب المدينة بعد الترميم."),
    ]:
        stories[title] = make_article(
            section,
            title,
            hours_ago=24 * days,
            body=[("paragraph", f"<p>{body}</p>")],
        )
    make_article(section, "قافلة في الريف", body=[("paragraph", "<p>قافلة تعبر الطريق.</p>")])
    for n, title in enumerate(["حديقة المدينة", "مكتبة المدينة", "مسرح المدينة"]):
        body = [("paragraph", f"<p>خبر قصير عن {title}.</p>")]
        stories[title] = make_article(section, title, hours_ago=3 - n, body=body)
    return stories


@pytest.fixture
def city_is_common(monkeypatch):
    """A word in 4 stories or more is common: المدينة (8 stories) is, قافلة (3) is not."""
    monkeypatch.setattr(query, "COMMON_SAMPLE", 4)


def test_a_common_word_still_has_to_match(archive, client, city_is_common):
    """«قافلة المدينة»: the city is in every story, yet the rural convoy (no city) is not listed."""
    found = titles(client.get(URL, {"q": "قافلة المدينة"}))
    assert sorted(found) == sorted(["قافلة إغاثة تدخل المدينة", "قافلة طبية في المدينة"])


def test_common_words_leave_the_ranking_to_the_telling_word(archive, client, city_is_common):
    """Two convoy headlines of the same day: the story that says «قافلة» three times ranks
    first, as bm25 over the telling word says (the other one was indexed later)."""
    same_day = archive["قافلة إغاثة تدخل المدينة"].published_at
    ArticlePage.objects.filter(pk=archive["قافلة طبية في المدينة"].pk).update(published_at=same_day)
    found = titles(client.get(URL, {"q": "قافلة المدينة"}))
    assert found[0] == "قافلة إغاثة تدخل المدينة"


def test_a_query_of_common_words_lists_the_newest_first(archive, client, city_is_common):
    """Only common words: every match is as relevant, so the newest story leads."""
    found = titles(client.get(URL, {"q": "المدينة"}))
    assert len(found) == 8
    assert found[0] == "مسرح المدينة"


def test_a_query_of_common_words_orders_by_publishing_date_not_index_order(
    archive, client, city_is_common
):
    """An imported archive is indexed in no particular order: with no word to weigh, the story
    published last leads, not the one indexed last."""
    newest = timezone.now() - datetime.timedelta(minutes=5)
    ArticlePage.objects.filter(pk=archive["مجلس المدينة يقر الميزانية"].pk).update(
        published_at=newest
    )
    found = titles(client.get(URL, {"q": "المدينة"}))
    assert found[0] == "مجلس المدينة يقر الميزانية"


def test_the_date_filter_reaches_stories_beyond_the_ranked_newest(archive, client, monkeypatch):
    """Ranking looks at the newest matches only, but a date range still finds the oldest story."""
    monkeypatch.setattr(query, "MAX_RANKED_MATCHES", 2)
    assert "مجلس المدينة يقر الميزانية" not in titles(client.get(URL, {"q": "المدينة"}))
    day = (timezone.localdate() - datetime.timedelta(days=9)).isoformat()
    found = titles(client.get(URL, {"q": "المدينة", "date_from": day, "date_to": day}))
    assert found == ["مجلس المدينة يقر الميزانية"]


def test_an_alias_expansion_with_a_common_word_keeps_both_rules(archive, client, city_is_common):
    """With an alias for the convoy (قافلة = رتل), the common city still has to match, and a
    story using the alias's other name is found too."""
    from nashir.search.models import AliasGroup

    AliasGroup.objects.create(name="قافلة", terms="قافلة\nرتل")
    column = make_article(
        archive["مجلس المدينة يقر الميزانية"].section,
        "رتل شاحنات يصل إلى المدينة",
        hours_ago=24 * 2,
    )
    found = titles(client.get(URL, {"q": "قافلة المدينة"}))
    assert sorted(found) == sorted(
        ["قافلة إغاثة تدخل المدينة", "قافلة طبية في المدينة", column.title]
    )
