"""The live page in a real Chromium: an entry posted in the admin reaches an open reader page
without a reload, and the reader's place on the page does not move. Screenshots land in
test-results/ (live-*.png)."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from nashir.newsroom.roles import WRITER
from nashir.newsroom.tests.conftest import make_user

from ..models import LiveCoveragePage, LiveEntry

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-results"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1440, "height": 900}
PASSWORD = "كلمة-سر-للاختبار-2026"


@pytest.fixture
def writer(demo_site):
    user = make_user("live-writer", WRITER)
    user.set_password(PASSWORD)
    user.save()
    yield user
    User.objects.filter(pk=user.pk).delete()


@pytest.fixture
def coverage(demo_site, settings):
    settings.NASHIR_LIVE_POLL_SECONDS = 1
    page = LiveCoveragePage.objects.get(slug="snowstorm-live")
    before = set(LiveEntry.objects.values_list("pk", flat=True))
    yield page
    LiveEntry.objects.exclude(pk__in=before).delete()


def shot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"live-{name}.png"), full_page=False)


def test_an_entry_posted_in_the_admin_appears_without_reload_and_keeps_the_place(
    browser, demo_site, coverage, writer
):
    """The reader sees «تحديث جديد», inserts it, and the entry being read stays put."""
    reader = browser.new_context(viewport=PHONE).new_page()
    reader.goto(demo_site.url + coverage.url)
    entries = reader.locator("[data-live-stream] .live-entry")
    expect(entries.first).to_be_visible()
    shot(reader, "phone-top")
    reading = reader.locator("#entry-20")
    reading.scroll_into_view_if_needed()
    reader.evaluate("window.scrollBy(0, -100)")
    top_before = reading.evaluate("el => el.getBoundingClientRect().top")
    reader.evaluate("window.liveMarker = 'same page'")

    editor_context = browser.new_context(viewport=DESKTOP)
    admin = editor_context.new_page()
    admin.goto(demo_site.url + "/admin/login/")
    admin.get_by_label("اسم المستخدم").fill(writer.username)
    admin.get_by_label("كلمة المرور").fill(PASSWORD)
    admin.get_by_role("button", name="تسجيل الدخول").click()
    admin.goto(f"{demo_site.url}/admin/live/{coverage.pk}/entries/")
    admin.locator(".DraftEditor-root").first.click()
    admin.keyboard.type("الكاسحات تفتح الطريق من جديد بعد توقف الثلج")
    admin.wait_for_timeout(400)  # Draftail saves what was typed every 250 ms
    shot(admin, "admin-form")
    admin.locator("[data-live-publish]").click()
    admin.wait_for_load_state()
    shot(admin, "admin-posted")
    expect(admin.locator(".nashir-live-entries")).to_contain_text("الكاسحات تفتح الطريق")
    number = LiveEntry.objects.filter(page=coverage).order_by("-number").first().number

    button = reader.locator("[data-live-show]")
    expect(button).to_be_visible(timeout=15_000)
    expect(button).to_contain_text("تحديث جديد")
    assert abs(reading.evaluate("el => el.getBoundingClientRect().top") - top_before) < 2
    shot(reader, "phone-button")
    # A tap where the button is (Playwright's click would first scroll it "into view").
    box = button.bounding_box()
    reader.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(reader.locator(f"#entry-{number}")).to_contain_text("الكاسحات تفتح الطريق")
    reader.wait_for_timeout(100)  # two frames
    assert abs(reading.evaluate("el => el.getBoundingClientRect().top") - top_before) < 2
    assert reader.evaluate("window.liveMarker") == "same page"  # no reload
    reader.evaluate("window.scrollTo(0, 0)")
    expect(reader.locator(f"#entry-{number}")).to_be_visible()
    editor_context.close()


def test_without_javascript_the_page_shows_every_entry(browser, demo_site, coverage):
    """A plain page: all entries, pinned first, no button; a permalink opens at its entry."""
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site.url + coverage.url + "#entry-12")
    count = LiveEntry.objects.filter(page=coverage).count()
    expect(page.locator(".live-entry")).to_have_count(count)
    expect(page.locator("[data-live-show]")).to_be_hidden()
    expect(page.locator("#entry-12")).to_be_in_viewport()
    shot(page, "desktop-permalink")
    context.close()


def test_times_read_arabic_relative_then_clock(browser, demo_site, coverage):
    """The newest entries say «قبل N دقائق»; entries older than an hour show their clock time."""
    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(demo_site.url + coverage.url)
    times = page.locator("[data-live-stream] time[data-live-time]")
    expect(times.first).to_contain_text("قبل")
    expect(times.last).to_have_text(re.compile(r"^\d\d:\d\d$"))
    shot(page, "desktop-top")
