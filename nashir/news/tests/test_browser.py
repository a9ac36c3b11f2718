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
PAGE_WEIGHT_LIMIT = (
    60 * 1024
)  # HTML + CSS + JS + font of the article page, compressed; images aside
PHONE_SCREEN = {"width": 360, "height": 800}
FONT = Path(__file__).resolve().parents[2] / "static" / "fonts" / "nashir-naskh-bold.woff2"

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


def wait_for_comment_token(page):
    """comments.js fetches this reader's CSRF token and stamp for the cached page's form once
    the reader starts writing."""
    page.get_by_label("التعليق").focus()
    expect(page.locator("#comment-form input[name=stamp]")).not_to_have_value("")


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


def test_article_page_is_light(browser, demo_site, article):
    """What a first visit to an article downloads — HTML, CSS, JavaScript, the comment token and
    the headline font — weighs at most 60 KB compressed (gzip -6; images aside), and nothing is
    requested from another site. The font counts even where the reader has Noto Naskh Arabic
    installed and downloads nothing (as on this machine): the worst case is measured."""
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    responses, hosts = [], set()
    page.on("response", lambda response: responses.append(response))
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname))
    page.goto(demo_site.url + article.url, wait_until="networkidle")
    weights = {}
    for response in responses:
        kind = response.request.resource_type
        if kind in ("document", "stylesheet", "script", "fetch", "xhr", "font"):
            weights[response.url] = len(gzip.compress(response.body(), compresslevel=6))
    if not any(url.endswith(".woff2") for url in weights):
        weights["(font) " + FONT.name] = len(gzip.compress(FONT.read_bytes(), compresslevel=6))
    total = sum(weights.values())
    print(f"\narticle page: {total} bytes gzip-6 in {len(weights)} responses: {weights}")
    assert any(url.endswith(".css") for url in weights)
    assert any(url.endswith(".js") for url in weights)
    assert total <= PAGE_WEIGHT_LIMIT, weights
    assert hosts - {None} <= LOCAL_HOSTS, hosts
    context.close()


def violations(page):
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
    ]


def every_page_type(article):
    """One page of each kind a reader meets, the comments page and a 404 included."""
    from nashir.discussion.models import Comment

    tag = article.tags.first()
    comment = Comment.objects.filter(article=article).first()
    return {
        **reader_urls(article),
        "tag": f"/tag/{tag.slug}/",
        "comments": f"/comments/{article.pk}/" + (f"?reply={comment.pk}" if comment else ""),
        "standard": "/about/",
        "404": "/no-such-page/",
    }


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_axe_finds_no_violation_on_any_page_type(browser, demo_site, article, viewport):
    """Home, section, article, tag, author, search, comments, a standard page and the 404 pass
    axe-core with no violation at all (contrast, heading order, landmarks…), light and dark;
    so does the comment form showing its errors."""
    problems = {}
    for theme in ("light", "dark"):
        context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=theme)
        page = context.new_page()
        for name, url in every_page_type(article).items():
            page.goto(demo_site.url + url)
            problems[f"{name}/{theme}"] = violations(page)

        page.goto(demo_site.url + article.url)
        wait_for_comment_token(page)
        page.get_by_label("التعليق").fill("تعليق ببريد غير صحيح")
        page.get_by_label("الاسم").fill("سامر")
        page.get_by_label("البريد الإلكتروني").fill("ليس-بريداً")
        page.get_by_role("button", name="أرسل التعليق").click()
        expect(page.get_by_role("alert").first).to_be_visible()
        expect(page.locator("[aria-invalid=true]")).to_have_count(1)
        problems[f"comment-error/{theme}"] = violations(page)
        context.close()
    assert not any(problems.values()), {k: v for k, v in problems.items() if v}


def lead_title_box(page):
    return page.evaluate(
        """(() => { const r = document.querySelector('.lead .card__title').getBoundingClientRect();
        return {top: r.top + scrollY, bottom: r.bottom + scrollY}; })()"""
    )


@pytest.fixture
def no_breaking_news(demo_site):
    """The demo newsroom with its «عاجل» marks taken off for one test, then put back."""
    from nashir.pagecache import Key, purge

    breaking = list(ArticlePage.objects.filter(breaking=True).values_list("pk", flat=True))
    ArticlePage.objects.filter(pk__in=breaking).update(breaking=False)
    purge(Key.SITE)
    yield
    ArticlePage.objects.filter(pk__in=breaking).update(breaking=True)
    purge(Key.SITE)


def assert_lead_in_first_screen(browser, demo_site, breaking):
    for theme in ("light", "dark"):
        context = browser.new_context(viewport=PHONE_SCREEN, color_scheme=theme)
        page = context.new_page()
        page.goto(demo_site.url + "/")
        box = lead_title_box(page)
        assert box["top"] < PHONE_SCREEN["height"], box
        assert box["bottom"] <= PHONE_SCREEN["height"], box  # the whole headline, in fact
        expect(page.locator(".breaking-banner")).to_be_hidden()  # folded into the ticker
        first = page.locator(".ticker__item").first
        if breaking:
            expect(first.locator(".badge")).to_have_text("عاجل")
        else:
            expect(page.locator(".ticker__item--breaking")).to_have_count(0)
        context.close()


def test_lead_headline_is_in_the_first_screen_during_breaking_news(browser, demo_site):
    """At 360×800 with breaking news, the lead headline is read without scrolling: the «عاجل»
    banner is folded into the ticker, which shows the breaking stories first."""
    assert ArticlePage.objects.filter(breaking=True).count() >= 2
    assert_lead_in_first_screen(browser, demo_site, breaking=True)


def test_lead_headline_is_in_the_first_screen_without_breaking_news(
    browser, demo_site, no_breaking_news
):
    """And without breaking news."""
    assert_lead_in_first_screen(browser, demo_site, breaking=False)


def test_home_page_is_at_most_eight_screens_on_a_phone(browser, demo_site):
    """The demo newsroom's front page at 360 px: at most eight 800-pixel screens."""
    context = browser.new_context(viewport=PHONE_SCREEN)
    page = context.new_page()
    page.goto(demo_site.url + "/")
    load_lazy_images(page)
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"\nhome page at 360 px: {height} px = {height / 800:.2f} screens")
    assert height <= 8 * PHONE_SCREEN["height"], height
    context.close()


# Every fixed or sticky element, with the elements a reader reads or uses in view under it.
FIXED_OVER_CONTENT = """
(() => {
  const fixed = [...document.querySelectorAll('body *')].filter(e => {
    const p = getComputedStyle(e).position;
    if (p !== 'fixed' && p !== 'sticky') return false;
    const s = getComputedStyle(e), r = e.getBoundingClientRect();
    return s.visibility !== 'hidden' && s.display !== 'none' && +s.opacity > 0 && r.width && r.height;
  });
  const targets = [...document.querySelectorAll(
    'input:not([type=hidden]), textarea, select, button, a, p, li, h1, h2, h3, label, figcaption, blockquote, time, summary')]
    .filter(e => { const r = e.getBoundingClientRect(); return r.width && r.height && e.checkVisibility(); });
  const found = [];
  const scrollPadding = parseFloat(getComputedStyle(document.documentElement).scrollPaddingBlockStart) || 0;
  for (const f of fixed) {
    const fr = f.getBoundingClientRect();
    if (fr.top <= 0.5 && fr.width >= innerWidth - 1) {
      // The header bar along the top edge: text passes under it only on its way off the
      // screen. It must stay compact, and anchors and focus must land below it.
      if (fr.height > 80) found.push(`header bar ${fr.height}px tall at y=${scrollY}`);
      if (scrollPadding < fr.bottom) found.push(`scroll-padding ${scrollPadding} < bar ${fr.bottom}`);
      continue;
    }
    for (const t of targets) {
      if (f.contains(t) || t.contains(f)) continue;
      const tr = t.getBoundingClientRect();
      const w = Math.min(fr.right, tr.right) - Math.max(fr.left, tr.left);
      const h = Math.min(fr.bottom, tr.bottom) - Math.max(fr.top, tr.top);
      if (w > 0 && h > 0) {
        found.push(`${f.className || f.tagName} over ${t.tagName}.${t.className} "${(t.textContent || t.value || '').trim().slice(0, 30)}" at y=${scrollY}`);
      }
    }
  }
  return found;
})()
"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_fixed_element_covers_text_links_or_fields(browser, demo_site, article, viewport):
    """Scrolled from top to bottom in steps, no fixed or sticky element (the header bar with
    «الذهاب إلى الأعلى») covers a field, a link or a line of text on the home page, the article
    (its comment box included), search and the comments page; light and dark. The bar sits at
    the top edge, so text only passes under it on its way off the screen; anchors and keyboard
    focus land below it (scroll-padding), which the focus walk checks."""
    pages = ["/", article.url, "/search/?q=حلب", f"/comments/{article.pk}/"]
    for theme in ("light", "dark"):
        context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=theme)
        page = context.new_page()
        for url in pages:
            page.goto(demo_site.url + url)
            height = page.evaluate("document.documentElement.scrollHeight")
            step = VIEWPORTS[viewport]["height"] // 3
            for y in range(0, height, step):
                page.evaluate(f"window.scrollTo(0, {y})")
                page.wait_for_timeout(30)
                found = page.evaluate(FIXED_OVER_CONTENT)
                assert not found, (url, theme, found[:5])
        context.close()


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


def test_every_page_finds_its_icons_and_links_read_as_links(browser, demo_site, article):
    """No request of a reader's page fails (the favicon included); links in the text are in
    the brand colour, underlined below the letters."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    for url in ("/", article.url):
        page.goto(demo_site.url + url, wait_until="networkidle")
    assert page.request.get(demo_site.url + "/favicon.ico").ok
    assert not failed, failed
    style = page.evaluate(
        """(() => { const a = document.querySelector('.read-also a') || document.querySelector('.article__body a');
        const s = getComputedStyle(a); return [s.textDecorationLine, s.textUnderlineOffset, s.color]; })()"""
    )
    assert style[0] == "underline" and float(style[1].rstrip("px")) >= 6, style
    context.close()
