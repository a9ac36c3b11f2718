"""The reader's pages in a real Chromium: on a 360-pixel phone and a wide screen, light and dark,
with a keyboard, a screen reader's eyes (axe-core) and JavaScript turned off.

One demo newsroom serves the whole module (`demo_site` in nashir/conftest.py): loading it takes
seconds, so the tests share it and remove what they add.
"""

import gzip
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from nashir.news.models import ArticlePage, SectionPage
from nashir.news.tests.factories import make_article

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-results"
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1440, "height": 900}}
LOCAL_HOSTS = {"localhost", "127.0.0.1"}
PAGE_WEIGHT_LIMIT = 60 * 1024  # HTML + CSS + JS of the article page, compressed; images aside

# Records the theme at the moment <body> starts: set by then means no flash of the wrong theme.
RECORD_THEME_AT_BODY = """
new MutationObserver(function (records, observer) {
  if (document.body) {
    window.__themeAtBody = document.documentElement.getAttribute("data-theme");
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""


@pytest.fixture
def article(demo_site):
    return ArticlePage.objects.get(slug="aleppo-pumping-station-outage")


def reader_urls(article):
    """The pages a reader moves between: home, section, article, author and search."""
    author = article.bylines.select_related("author").first().author
    return {
        "home": "/",
        "section": article.get_parent().url,
        "article": article.url,
        "author": author.get_absolute_url(),
        "search": "/search/?q=حلب",
    }


def load_lazy_images(page):
    """Full-page screenshots show the images below the fold too."""
    page.evaluate(
        "document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')"
    )
    page.wait_for_load_state("networkidle")


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_pages_fit_the_screen_in_light_and_dark(browser, demo_site, article, viewport):
    """No horizontal scrolling on any reader page, no request to another site; the article
    shows every part of the model page. Screenshots land in test-results/."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for theme in ("light", "dark"):
        context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=theme)
        hosts = set()
        context.on(
            "request", lambda request, hosts=hosts: hosts.add(urlparse(request.url).hostname)
        )
        page = context.new_page()
        for name, url in reader_urls(article).items():
            page.goto(demo_site.url + url)
            assert page.evaluate("document.documentElement.dir") == "rtl"
            assert fits_the_screen(page), f"{name} scrolls sideways at {viewport}"
            if name in ("home", "article"):
                load_lazy_images(page)
                page.screenshot(path=SCREENSHOTS / f"{name}-{viewport}-{theme}.png", full_page=True)
        page.goto(demo_site.url + article.url)
        for text in ["آخر الأخبار", "اقرأ أيضاً:", "مقالات ذات صلة", "اترك تعليقاً", "شارك المقال"]:
            assert page.get_by_text(text, exact=False).first.is_visible(), text
        assert page.locator("h1.article__title").inner_text() == article.title
        expect(page.locator(".article__dates")).to_contain_text("هـ")
        expect(page.locator(".reading-time")).to_contain_text("مدة القراءة:")
        image = page.locator(".article__lead-image img")
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        assert hosts - {None} <= LOCAL_HOSTS, hosts
        context.close()


def test_back_to_top_works_without_javascript(browser, demo_site, article):
    """«الذهاب إلى الأعلى» returns a reader to the top even with JavaScript turned off."""
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(demo_site.url + article.url + "#comments")
    masthead = page.locator("#top")
    expect(masthead).not_to_be_in_viewport()
    link = page.get_by_role("link", name="الذهاب إلى الأعلى")
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile("#top$"))
    expect(masthead).to_be_in_viewport()
    context.close()


def test_back_to_top_appears_after_scrolling_and_moves_focus_to_the_top(
    browser, demo_site, article
):
    """Hidden at the top; after a screen of scrolling it shows, and it takes the reader and the
    keyboard focus back to the masthead."""
    context = browser.new_context(viewport=VIEWPORTS["phone"], reduced_motion="reduce")
    page = context.new_page()
    page.goto(demo_site.url + article.url)
    link = page.get_by_role("link", name="الذهاب إلى الأعلى")
    expect(link).to_be_hidden()
    page.mouse.wheel(0, 2500)
    page.wait_for_function("window.scrollY > window.innerHeight")
    expect(link).to_be_visible()
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("window.scrollY === 0")
    assert page.evaluate("document.activeElement.id") == "top"
    expect(link).to_be_hidden()
    context.close()


def test_ticker_rotates_and_pauses_on_hover_and_focus(browser, demo_site, article):
    """One headline at a time, the next every few seconds; the pointer, keyboard focus or the
    pause button hold it still."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.clock.install()
    page.goto(demo_site.url + article.url)
    ticker = page.locator(".ticker")
    expect(ticker).to_have_class(re.compile("ticker--rotating"))
    current = page.locator(".ticker__item.is-current")
    expect(current).to_have_count(1)
    expect(page.locator(".ticker__item:visible")).to_have_count(1)
    first = current.inner_text()
    page.clock.run_for(5_000)
    expect(current).not_to_have_text(first)

    ticker.hover()
    held = current.inner_text()
    page.clock.run_for(15_000)
    expect(current).to_have_text(held)
    page.mouse.move(5, 800)
    page.clock.run_for(5_000)
    expect(current).not_to_have_text(held)

    current.get_by_role("link").focus()
    held = current.inner_text()
    page.clock.run_for(15_000)
    expect(current).to_have_text(held)
    page.locator("#main").focus()
    page.clock.run_for(5_000)
    expect(current).not_to_have_text(held)

    pause = page.get_by_role("button", name="أوقف تبديل الأخبار")
    pause.click()
    expect(pause).to_have_attribute("aria-pressed", "true")
    page.mouse.move(5, 800)
    page.locator("#main").focus()
    held = current.inner_text()
    page.clock.run_for(15_000)
    expect(current).to_have_text(held)
    context.close()


def test_ticker_stays_still_for_readers_who_ask_for_less_motion(browser, demo_site, article):
    """With prefers-reduced-motion the whole list shows, nothing moves, no pause button."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"], reduced_motion="reduce")
    page = context.new_page()
    page.goto(demo_site.url + article.url)
    expect(page.locator(".ticker")).not_to_have_class(re.compile("ticker--rotating"))
    assert page.locator(".ticker__item:visible").count() > 1
    expect(page.locator(".ticker__pause")).to_be_hidden()
    context.close()


def test_ticker_refreshes_itself_without_reloading_the_page(browser, demo_site, article):
    """A story published after the page was opened reaches the ticker within a minute."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.clock.install()
    page.goto(demo_site.url + article.url)
    page.evaluate("window.__samePage = true")
    items = page.locator(".ticker__items")
    title = "خبر نُشر للتو بعد فتح الصفحة"
    expect(items).not_to_contain_text(title)
    fresh = make_article(SectionPage.objects.get(slug="syria"), title, breaking=True)
    try:
        with page.expect_response(re.compile(r"/ticker\.json$")) as refresh:
            page.clock.run_for(60_000)
        assert refresh.value.ok
        expect(items).to_contain_text(title)
        expect(page.locator(f'.ticker__items a[href="{fresh.url}"]')).to_have_count(1)
        assert page.evaluate("window.__samePage") is True
    finally:
        fresh.delete()
    context.close()


def test_dark_mode_follows_the_system_and_the_reader_choice_is_remembered(
    browser, demo_site, article
):
    """«الوضع الداكن» is pressed when the system is dark; a reader's choice wins, survives a
    reload and other pages, and is in place before the page paints."""
    dark_paper = "rgb(18, 20, 23)"
    white = "rgb(255, 255, 255)"
    background = "getComputedStyle(document.body).backgroundColor"

    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.add_init_script(RECORD_THEME_AT_BODY)
    page.goto(demo_site.url + article.url)
    toggle = page.get_by_role("button", name="الوضع الداكن")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert page.evaluate(background) == white
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert page.evaluate(background) == dark_paper
    page.reload()
    assert page.evaluate("window.__themeAtBody") == "dark"
    expect(page.get_by_role("button", name="الوضع الداكن")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.goto(demo_site.url + "/")
    assert page.evaluate(background) == dark_paper
    context.close()

    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(demo_site.url + article.url)
    toggle = page.get_by_role("button", name="الوضع الداكن")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert page.evaluate(background) == dark_paper
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert page.evaluate(background) == white
    context.close()


def wait_for_comment_token(page):
    """comments.js fetches this reader's CSRF token and stamp for the cached page's form."""
    expect(page.locator("#comment-form input[name=stamp]")).not_to_have_value("")


def test_a_reader_posts_a_comment(browser, demo_site, article):
    """Filled in and sent from the cached article page, the comment waits for an editor and the
    reader sees it marked «بانتظار المراجعة»."""
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(demo_site.url + article.url)
    wait_for_comment_token(page)
    page.get_by_label("التعليق").fill("شكراً على التغطية الدقيقة، نتمنى عودة المياه قريباً.")
    page.get_by_label("الاسم").fill("هدى")
    page.get_by_label("البريد الإلكتروني").fill("huda@example.org")
    page.wait_for_timeout(3_200)  # the form's minimum fill-in time (anti-spam) is 3 seconds
    page.get_by_role("button", name="أرسل التعليق").click()
    expect(page).to_have_url(re.compile(r"/comments/\d+/#comment-\d+$"))
    expect(page.get_by_text("بانتظار المراجعة")).to_be_visible()
    expect(page.locator(".comment--held")).to_contain_text("شكراً على التغطية الدقيقة")
    context.close()


def test_article_page_is_light(browser, demo_site, article):
    """HTML, CSS and JavaScript of the article page weigh at most 60 KB compressed, and nothing
    is requested from another site."""
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    responses, hosts = [], set()
    page.on("response", lambda response: responses.append(response))
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname))
    page.goto(demo_site.url + article.url, wait_until="networkidle")
    weights = {}
    for response in responses:
        kind = response.request.resource_type
        if kind in ("document", "stylesheet", "script", "fetch", "xhr"):
            weights[response.url] = len(gzip.compress(response.body(), compresslevel=6))
    total = sum(weights.values())
    print(f"\narticle page: {total} bytes gzip-6 in {len(weights)} responses: {weights}")
    assert any(url.endswith(".css") for url in weights)
    assert any(url.endswith(".js") for url in weights)
    assert total <= PAGE_WEIGHT_LIMIT, weights
    assert hosts - {None} <= LOCAL_HOSTS, hosts
    context.close()


def serious_violations(page):
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_finds_no_serious_problem_in_either_theme(browser, demo_site, article):
    """Home, section, article, author, search and the comment-error page pass axe-core with no
    serious or critical violation (contrast included), light and dark."""
    problems = {}
    for theme in ("light", "dark"):
        context = browser.new_context(viewport=VIEWPORTS["desktop"], color_scheme=theme)
        page = context.new_page()
        for name, url in reader_urls(article).items():
            page.goto(demo_site.url + url)
            problems[f"{name}/{theme}"] = serious_violations(page)

        page.goto(demo_site.url + article.url)
        wait_for_comment_token(page)
        page.get_by_label("التعليق").fill("تعليق ببريد غير صحيح")
        page.get_by_label("الاسم").fill("سامر")
        page.get_by_label("البريد الإلكتروني").fill("ليس-بريداً")
        page.get_by_role("button", name="أرسل التعليق").click()
        expect(page.get_by_role("alert").first).to_be_visible()
        expect(page.locator("[aria-invalid=true]")).to_have_count(1)
        problems[f"comment-error/{theme}"] = serious_violations(page)
        context.close()
    assert not any(problems.values()), {k: v for k, v in problems.items() if v}
