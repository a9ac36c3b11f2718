"""The model article page in a real Chromium, as a reader on a phone and on a wide screen sees it."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from nashir.news.models import ArticlePage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-results"
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1440, "height": 900}}


@pytest.fixture
def demo_article(media_on_disk):
    call_command("load_demo", stdout=StringIO())
    return ArticlePage.objects.get(slug="aleppo-pumping-station-outage")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_article_page_fits_the_screen_and_shows_every_part(
    browser, live_server, demo_article, viewport
):
    """No horizontal scrolling; headline, ticker, read-also, author box and related are visible."""
    page = browser.new_page(viewport=VIEWPORTS[viewport])
    page.goto(live_server.url + demo_article.url)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for text in ["آخر الأخبار", "اقرأ أيضاً:", "مقالات ذات صلة", "اترك تعليقاً"]:
        assert page.get_by_text(text, exact=False).first.is_visible(), text
    assert page.locator("h1.article__title").inner_text() == demo_article.title
    images = page.locator(".article__lead-image img")
    assert images.evaluate("img => img.complete && img.naturalWidth > 0")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"article-{viewport}.png", full_page=True)
    page.close()


def test_back_to_top_works_without_javascript(browser, live_server, demo_article):
    """«الذهاب إلى الأعلى» returns a reader to the top even with JavaScript turned off."""
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(live_server.url + demo_article.url)
    page.mouse.wheel(0, 4000)
    page.wait_for_function("window.scrollY > 1000")
    page.get_by_role("link", name="الذهاب إلى الأعلى").click()
    page.wait_for_function("window.scrollY < 50")
    context.close()
