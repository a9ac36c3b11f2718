"""What a reader does on the pages, in a real Chromium: going back to the top, the ticker, the
light and dark themes, writing a comment (with and without JavaScript), the keyboard, the menu
and search on a phone.

One demo newsroom serves the whole module (`demo_site` in nashir/conftest.py): loading it takes
seconds, so the tests share it and remove what they add. How the pages look (fit, contrast,
weight) is in test_browser_layout.py.
"""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from nashir.news.models import SectionPage
from nashir.news.tests.browsing import PHONE_SCREEN, VIEWPORTS, wait_for_comment_token
from nashir.news.tests.factories import make_article

pytestmark = pytest.mark.browser


# Records the theme at the moment <body> starts: set by then means no flash of the wrong theme.
RECORD_THEME_AT_BODY = """
new MutationObserver(function (records, observer) {
  if (document.body) {
    window.__themeAtBody = document.documentElement.getAttribute("data-theme");
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""


def test_back_to_top_works_without_javascript(browser, demo_site, article):
    """«الذهاب إلى الأعلى» (in the sticky header) returns a reader to the top even with
    JavaScript turned off: #top is the top of the document."""
    context = browser.new_context(
        java_script_enabled=False, viewport=VIEWPORTS["phone"], reduced_motion="reduce"
    )
    page = context.new_page()
    page.goto(demo_site.url + article.url + "#comments")
    assert page.evaluate("window.scrollY") > 1000
    link = page.get_by_role("link", name="الذهاب إلى الأعلى")
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile("#top$"))
    expect(page.locator(".section-nav")).to_be_in_viewport()
    assert page.evaluate("window.scrollY") == 0
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
    assert page.evaluate("document.activeElement.id") == "masthead"
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
        with page.expect_response(re.compile(r"/ticker/$")) as refresh:
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
    """The theme button follows the system; it names the other theme («الوضع الداكن» in light,
    «الوضع الفاتح» in dark); a reader's choice wins, survives a reload and other pages, and is in
    place before the page paints."""
    dark_paper = "rgb(18, 20, 23)"
    white = "rgb(255, 255, 255)"
    background = "getComputedStyle(document.body).backgroundColor"

    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.add_init_script(RECORD_THEME_AT_BODY)
    page.goto(demo_site.url + article.url)
    page.get_by_role("button", name="الوضع الداكن").click()
    assert page.evaluate(background) == dark_paper
    expect(page.get_by_role("button", name="الوضع الفاتح")).to_be_visible()
    page.reload()
    assert page.evaluate("window.__themeAtBody") == "dark"
    expect(page.get_by_role("button", name="الوضع الفاتح")).to_be_visible()
    page.goto(demo_site.url + "/")
    assert page.evaluate(background) == dark_paper
    context.close()

    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(demo_site.url + article.url)
    toggle = page.get_by_role("button", name="الوضع الفاتح")
    assert page.evaluate(background) == dark_paper
    toggle.click()
    assert page.evaluate(background) == white
    expect(page.get_by_role("button", name="الوضع الداكن")).to_be_visible()
    expect(page.get_by_role("button", name="الوضع الفاتح")).to_have_count(0)
    context.close()


def test_a_reader_who_does_not_comment_costs_no_token_request(browser, demo_site, article):
    """Reading a cached article asks Python for no comment token; starting to write does."""
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    asked = []
    page.on("request", lambda request: asked.append(urlparse(request.url).path))
    page.goto(demo_site.url + article.url, wait_until="networkidle")
    page.mouse.wheel(0, 4000)
    page.wait_for_timeout(500)
    assert "/comments/token/" not in asked
    wait_for_comment_token(page)
    assert asked.count("/comments/token/") == 1
    context.close()


def test_a_reader_posts_a_comment(browser, demo_site, article):
    """Filled in and sent from the cached article page, the comment waits for an editor: the
    reader stays on the article and sees it in the thread, marked «بانتظار المراجعة»."""
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(demo_site.url + article.url)
    wait_for_comment_token(page)
    page.get_by_label("التعليق").fill("شكراً على التغطية الدقيقة، نتمنى عودة المياه قريباً.")
    page.get_by_label("الاسم").fill("هدى")
    page.get_by_label("البريد الإلكتروني").fill("huda@example.org")
    page.wait_for_timeout(3_200)  # the form's minimum fill-in time (anti-spam) is 3 seconds
    page.evaluate("window.__samePage = true")
    page.get_by_role("button", name="أرسل التعليق").click()
    held = page.locator(".comment--held")
    expect(held).to_contain_text("شكراً على التغطية الدقيقة")
    expect(held).to_contain_text("بانتظار المراجعة")
    expect(page.get_by_role("status")).to_contain_text("بانتظار المراجعة")
    assert page.evaluate("window.__samePage") is True
    assert page.url == demo_site.url + article.url
    expect(page.get_by_label("التعليق")).to_have_value("")
    context.close()
    from nashir.discussion.models import Comment

    Comment.objects.filter(email="huda@example.org").delete()


def test_a_reader_posts_a_comment_without_javascript(browser, demo_site, article):
    """Without JavaScript the form posts as a form and the reader lands on the comments page,
    on their pending comment, with no «لا تعليقات» above it."""
    from nashir.discussion.models import Comment

    context = browser.new_context(viewport=VIEWPORTS["phone"], java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site.url + f"/comments/{article.pk}/")
    page.locator("#id_body").fill("تعليق من متصفح بلا جافاسكربت.")
    page.get_by_label("الاسم").fill("سعاد")
    page.get_by_label("البريد الإلكتروني").fill("suad@example.org")
    page.wait_for_timeout(3_200)
    page.get_by_role("button", name="أرسل التعليق").click()
    expect(page).to_have_url(re.compile(r"/comments/\d+/#comment-\d+$"))
    expect(page.locator(".comment--held")).to_contain_text("بانتظار المراجعة")
    expect(page.get_by_text("لا تعليقات")).to_have_count(0)
    context.close()
    Comment.objects.filter(email="suad@example.org").delete()


def test_keyboard_focus_is_never_hidden_under_the_header(browser, demo_site, article):
    """Tabbing through the article on a phone, every focused link or field shows below the
    sticky header (WCAG 2.4.11), the comment box included."""
    context = browser.new_context(viewport=PHONE_SCREEN, reduced_motion="reduce")
    page = context.new_page()
    page.goto(demo_site.url + article.url)
    hidden = []
    for _ in range(120):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """(() => {
              const e = document.activeElement, bar = document.querySelector('.masthead');
              if (!e || bar.contains(e) || e === document.body) return null;
              const r = e.getBoundingClientRect(), b = bar.getBoundingClientRect();
              if (!r.width || !r.height) return null;
              // Hidden means the bar is what shows where the element is (the skip link, drawn
              // above the bar, is not hidden by it).
              const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
              const y = Math.min(Math.max(r.top + 2, 0), innerHeight - 1);
              const shown = document.elementFromPoint(x, y);
              const covered = shown && bar.contains(shown);
              return {name: (e.textContent || e.name || e.id).trim().slice(0, 30), top: r.top, bar: b.bottom, covered};
            })()"""
        )
        if state and (state["covered"] or state["top"] < 0):
            hidden.append(state)
    assert not hidden, hidden[:5]
    context.close()


def test_menu_opens_every_section_and_closes(browser, demo_site):
    """«القائمة» in the phone's header opens the sections and pages; Escape closes it."""
    context = browser.new_context(viewport=PHONE_SCREEN)
    page = context.new_page()
    page.goto(demo_site.url + "/")
    menu = page.locator("#site-menu")
    expect(menu).to_be_hidden()
    button = page.get_by_role("button", name="القائمة")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="اقتصاد")).to_be_visible()
    expect(menu.get_by_role("link", name="من نحن")).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
    context.close()


def test_search_results_start_in_the_first_screen_on_a_phone(browser, demo_site):
    """On a phone the search page has one search box and folded filters: the first result
    starts within the first screen."""
    context = browser.new_context(viewport=PHONE_SCREEN)
    page = context.new_page()
    page.goto(demo_site.url + "/search/?q=حلب")
    expect(page.locator("input[type=search]:visible")).to_have_count(1)
    expect(page.locator(".search-filters fieldset")).to_be_hidden()
    top = page.evaluate("document.querySelector('.search-result').getBoundingClientRect().top")
    assert top < PHONE_SCREEN["height"] - 100, top
    context.close()
