import json
import re
import xml.etree.ElementTree as ET

import pytest

from .factories import make_entry, make_live_page

pytestmark = pytest.mark.django_db

#: schema.org: LiveBlogPosting → BlogPosting → SocialMediaPosting → Article → CreativeWork.
LIVE_BLOG_POSTING_PROPERTIES = {"coverageStartTime", "coverageEndTime", "liveBlogUpdate"}
ARTICLE_PROPERTIES = {
    "headline", "description", "image", "datePublished", "dateModified", "author", "publisher",
    "mainEntityOfPage", "url", "inLanguage", "articleSection", "keywords", "articleBody",
}  # fmt: skip
CONTEXT_KEYS = {"@context", "@type"}


def json_ld(html):
    return [
        json.loads(m)
        for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def assert_datetime(value):
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", value), value


def test_live_page_is_a_live_blog_posting_with_its_updates(client, section):
    """JSON-LD: LiveBlogPosting with coverage times and BlogPosting updates, newest first."""
    page = make_live_page(section, title="عاصفة ثلجية")
    make_entry(page, "الثلوج تغلق الطريق", minutes_ago=10, title="إغلاق الطريق")
    make_entry(page, "فتح مسرب واحد", minutes_ago=2)
    data = json_ld(client.get(page.url).content.decode())
    posting = next(d for d in data if d["@type"] == "LiveBlogPosting")
    assert set(posting) <= LIVE_BLOG_POSTING_PROPERTIES | ARTICLE_PROPERTIES | CONTEXT_KEYS
    assert posting["@context"] == "https://schema.org"
    assert posting["headline"] == "عاصفة ثلجية"
    assert_datetime(posting["coverageStartTime"])
    assert "coverageEndTime" not in posting
    updates = posting["liveBlogUpdate"]
    assert [u["@type"] for u in updates] == ["BlogPosting", "BlogPosting"]
    assert [u["headline"] for u in updates] == ["فتح مسرب واحد", "إغلاق الطريق"]
    for update in updates:
        assert set(update) <= {
            "@type",
            "headline",
            "url",
            "datePublished",
            "dateModified",
            "articleBody",
            "author",
        }
        assert_datetime(update["datePublished"])
        assert update["url"].startswith("http://testserver/") and "#entry-" in update["url"]
    assert posting["dateModified"] >= updates[0]["datePublished"][:16]


def test_ended_coverage_has_an_end_time(client, section):
    """«انتهت التغطية» gives coverageEndTime."""
    page = make_live_page(section, status="ended")
    posting = next(
        d for d in json_ld(client.get(page.url).content.decode()) if d["@type"] == "LiveBlogPosting"
    )
    assert_datetime(posting["coverageEndTime"])


def test_each_live_page_has_a_feed_of_its_entries(client, section):
    """/live/<id>/feed/ is RSS of the entries, newest first, linking to each #entry-N."""
    page = make_live_page(section)
    make_entry(page, "أول", minutes_ago=5)
    make_entry(page, "ثانٍ", minutes_ago=1, breaking=True)
    html = client.get(page.url).content.decode()
    assert f'href="/live/{page.pk}/feed/"' in html
    root = ET.fromstring(client.get(f"/live/{page.pk}/feed/").content)
    items = root.findall("./channel/item")
    assert [i.findtext("title") for i in items] == ["عاجل: ثانٍ", "أول"]
    assert items[0].findtext("link").endswith(f"{page.url}#entry-2")
    atom = client.get(f"/live/{page.pk}/feed/atom/")
    assert atom.status_code == 200 and b"<feed" in atom.content


def test_api_serves_live_pages_with_their_public_entry_fields(client, section):
    """The pages API shows the status and entries, never an editor's e-mail address."""
    page = make_live_page(section)
    make_entry(page, "تحديث للواجهة", pinned=True)
    listing = client.get("/api/v2/live/").json()
    assert [(p["id"], p["status"]) for p in listing["items"]] == [(page.pk, "live")]
    assert page.pk in [p["id"] for p in client.get("/api/v2/articles/").json()["items"]]
    response = client.get(f"/api/v2/live/{page.pk}/")
    assert response.status_code == 200, response.content[:500]
    data = response.json()
    assert data["status"] == "live"
    [entry] = data["entries"]
    assert entry["number"] == 1 and entry["pinned"] is True
    assert "تحديث للواجهة" in entry["body_html"]
    assert "@" not in json.dumps(entry["author"])


def test_search_finds_a_live_page_by_the_words_of_an_entry(client, section):
    """Entries are indexed as part of their live page, at once when posted."""
    page = make_live_page(section, title="تغطية الانتخابات البلدية")
    make_entry(page, "فرز الأصوات في مدينة القامشلي مستمر")
    html = client.get("/search/", {"q": "القامشلي"}).content.decode()
    assert page.title in html
