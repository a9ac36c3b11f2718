"""What a reader gets around the article text: Hijri date, reading time, share links, and the
ticker's JSON for refreshing itself on a cached page."""

import datetime
import json
import re
from urllib.parse import quote

import pytest
from django.utils import timezone

from nashir.core.templatetags.arabic_dates import hijri_date
from nashir.core.templatetags.reader_tags import body_words, minutes_label
from nashir.news.tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_hijri_date_uses_arabic_month_names():
    """29 November 2026 reads «19 جمادى الآخرة 1448 هـ»."""
    assert hijri_date(datetime.date(2026, 11, 29)) == "19 جمادى الآخرة 1448 هـ"
    assert hijri_date(datetime.date(2027, 2, 10)) == "3 رمضان 1448 هـ"


def test_hijri_date_is_taken_in_the_newsroom_time_zone(settings):
    """Late evening UTC is already the next day in Damascus, and so is the Hijri date."""
    settings.TIME_ZONE = "Asia/Damascus"
    evening_utc = datetime.datetime(2026, 11, 28, 22, 30, tzinfo=datetime.UTC)
    assert hijri_date(evening_utc) == "19 جمادى الآخرة 1448 هـ"


def test_hijri_date_is_left_out_when_off_or_out_of_range(settings):
    """No Hijri date outside 1924–2077 (no error), nor when the newsroom turns it off."""
    assert hijri_date(datetime.date(1900, 1, 1)) == ""
    assert hijri_date(None) == ""
    settings.NASHIR_SHOW_HIJRI = False
    assert hijri_date(datetime.date(2026, 11, 29)) == ""


@pytest.mark.parametrize(
    "minutes, label",
    [
        (1, "دقيقة واحدة"),
        (2, "دقيقتان"),
        (3, "3 دقائق"),
        (10, "10 دقائق"),
        (11, "11 دقيقة"),
        (100, "100 دقيقة"),
        (103, "103 دقائق"),
    ],
)
def test_minutes_are_counted_the_arabic_way(minutes, label):
    """One, two, three to ten and eleven and more minutes each take their own form."""
    assert minutes_label(minutes) == label


def test_reading_time_counts_the_words_of_the_text_blocks():
    """Paragraph words count, markup does not; quotes and subheadings count too."""
    raw = [
        {"type": "paragraph", "value": "<p>كلمة <b>ثانية</b> ثالثة</p>"},
        {"type": "subheading", "value": "عنوان فرعي"},
        {"type": "quote", "value": {"text": "قول قصير", "attribution": "قائل"}},
        {"type": "read_also", "value": 12},
    ]
    assert body_words(raw) == 8


def get_html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_article_page_shows_dates_reading_time_and_share_links(client, section):
    """Published date in both calendars, «مدة القراءة: 3 دقائق», and plain share links."""
    words = " ".join(["كلمة"] * 450)
    article = make_article(section, "خبر طويل", body=[("paragraph", f"<p>{words}</p>")])
    article.published_at = timezone.make_aware(datetime.datetime(2026, 11, 29, 10, 0))
    article.save()
    html = get_html(client, article.url)

    assert "29 نوفمبر 2026" in html
    assert "(الموافق 19 جمادى الآخرة 1448 هـ)" in html
    assert "مدة القراءة: 3 دقائق" in html
    canonical = quote(f"http://testserver{article.url}", safe="")
    for address in [
        f"https://wa.me/?text={quote('خبر طويل', safe='')}%20{canonical}",
        f"https://t.me/share/url?url={canonical}",
        f"https://twitter.com/intent/tweet?url={canonical}",
        f"https://www.facebook.com/sharer/sharer.php?u={canonical}",
        f"mailto:?subject={quote('خبر طويل', safe='')}&amp;body={canonical}",
    ]:
        assert address in html, address
    assert "شارك على </span>واتساب" in html
    # Nothing from a third party is loaded: every script and stylesheet is our own.
    assert _external_assets(html) == []


def _external_assets(html):
    return re.findall(
        r'<(?:script[^>]+src|link[^>]+rel="stylesheet"[^>]+href|img[^>]+src)="((?:https?:)?//[^"]+)"',
        html,
    )


def test_hijri_date_setting_turns_it_off(client, section, settings):
    """With NASHIR_SHOW_HIJRI off the article shows the Gregorian date only."""
    settings.NASHIR_SHOW_HIJRI = False
    article = make_article(section, "خبر")
    html = get_html(client, article.url)
    assert "الموافق" not in html
    assert " هـ" not in html


def test_ticker_json_lists_the_ticker_for_a_refresh(client, section):
    """/ticker/ gives the ticker's headlines, breaking first, for shared caches too; the old
    /ticker.json (asked for by pages kept before) answers the same."""
    make_article(section, "خبر عادي")
    make_article(section, "خبر عاجل", breaking=True)
    response = client.get("/ticker/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "public" in response["Cache-Control"]
    items = json.loads(response.content)["items"]
    assert [item["title"] for item in items] == ["خبر عاجل", "خبر عادي"]
    assert items[0]["breaking"] is True
    assert items[1]["url"].startswith("/")
    assert json.loads(client.get("/ticker.json").content)["items"] == items


def test_ticker_markup_points_the_script_at_the_json(client, section):
    """The ticker carries its refresh address; the pause button only shows with JavaScript."""
    article = make_article(section, "خبر")
    html = get_html(client, article.url)
    assert 'data-src="/ticker/"' in html
    assert 'class="ticker__pause" type="button" aria-pressed="false"' in html
    assert 'aria-label="أوقف تبديل الأخبار" hidden' in html
