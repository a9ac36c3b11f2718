"""The reader's pages as they look in a real Chromium: on a 360-pixel phone and a wide screen,
light and dark — nothing scrolls sideways or hides under the header, axe-core finds nothing,
the front page's lead is in the first screen, the article page stays light.

One demo newsroom serves the whole module (`demo_site` in nashir/conftest.py): loading it takes
seconds, so the tests share it and remove what they add. What a reader does on the pages
(scrolling back up, the ticker, the theme, comments, the keyboard) is in test_browser.py.
"""

import gzip
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from nashir.news.models import ArticlePage
from nashir.news.tests.browsing import (
    LOCAL_HOSTS,
    PHONE_SCREEN,
    SCREENSHOTS,
    VIEWPORTS,
    fits_the_screen,
    load_lazy_images,
    reader_urls,
    wait_for_comment_token,
)

pytestmark = pytest.mark.browser

PAGE_WEIGHT_LIMIT = (
    60 * 1024
)  # HTML + CSS + JS + font of the article page, compressed; images aside
FONT = Path(__file__).resolve().parents[2] / "static" / "fonts" / "nashir-naskh-bold.woff2"


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
