"""The editors' admin in a real Chromium, as an editor («محرر») and a writer («كاتب») use it.

One demo newsroom serves the module (`demo_site` in nashir/conftest.py); each test removes what
it adds. Screenshots land in test-results/.
"""

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from nashir.discussion.models import Comment
from nashir.news.models import ArticlePage, SectionPage
from nashir.newsroom.models import ReadCount
from nashir.newsroom.readcounts import flush_read_counts, record_read
from nashir.newsroom.roles import EDITOR, WRITER
from nashir.newsroom.tests.conftest import make_user
from nashir.pagecache import Key, purge

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-results"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1440, "height": 900}
PASSWORD = "كلمة-سر-للاختبار-2026"


@pytest.fixture(scope="module")
def staff(demo_site):
    users = {}
    for username, group, first in (("khaled", EDITOR, "خالد"), ("sara", WRITER, "سارة")):
        user = make_user(username, group)
        user.first_name, user.last_name = first, "العمر"
        user.set_password(PASSWORD)
        user.save()
        users[username] = user
    yield users
    User.objects.filter(pk__in=[u.pk for u in users.values()]).delete()


@pytest.fixture
def section(demo_site):
    return SectionPage.objects.get(slug="syria")


def log_in(browser, demo_site, username, viewport=DESKTOP):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(demo_site.url + "/admin/login/")
    page.get_by_label("اسم المستخدم").fill(username)
    page.get_by_label("كلمة المرور").fill(PASSWORD)
    page.get_by_role("button", name="تسجيل الدخول").click()
    expect(page).to_have_url(demo_site.url + "/admin/")
    return context, page


def shot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"admin-{name}.png"), full_page=False)


def new_article_page(page, demo_site, section):
    """«إضافة صفحة فرعية» in a section, then the article (a section also takes live coverage)."""
    page.goto(f"{demo_site.url}/admin/pages/{section.pk}/add_subpage/")
    page.locator(f"a[href$='/admin/pages/add/news/articlepage/{section.pk}/']").first.click()
    expect(page).to_have_url(re.compile(r"/admin/pages/add/news/articlepage/\d+/$"))


def test_preview_panel_shows_the_draft_headline(browser, demo_site, staff, section):
    """The side panel «معاينة» frames the article and shows a headline as it is being typed."""
    from nashir.news.tests.factories import make_article

    article = make_article(section, "عنوان قبل المعاينة")
    context, page = log_in(browser, demo_site, "khaled")
    try:
        page.goto(f"{demo_site.url}/admin/pages/{article.pk}/edit/")
        page.locator("[data-side-panel-toggle='preview']").click()
        preview = page.frame_locator("#w-preview-iframe")
        expect(preview.locator("h1")).to_contain_text("عنوان قبل المعاينة")
        # Wagtail's preview compares the form with what it last sent: a change typed before its
        # first request settles is taken for the form as it was, as for an editor who types
        # within the first second.
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)
        page.locator("#id_title").fill("عنوان جديد يظهر في المعاينة")
        expect(preview.locator("h1")).to_contain_text("عنوان جديد يظهر في المعاينة", timeout=15_000)
        shot(page, "preview-panel")
    finally:
        context.close()
        ArticlePage.objects.filter(pk=article.pk).delete()


def test_the_admin_asks_no_other_site_for_anything(browser, demo_site, staff, section):
    """Every request the admin makes while an editor goes through the main screens — dashboard,
    page tree, editor with its panels, history, compare, comments, authors, images, search,
    guide, account — goes to the site itself: no gravatar.com, no wagtail.org."""
    context, page = log_in(browser, demo_site, "khaled")
    hosts = set()
    context.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    article = ArticlePage.objects.live().filter(section=section).first()
    try:
        for url in [
            "/admin/",
            f"/admin/pages/{section.pk}/",
            f"/admin/pages/{article.pk}/history/",
            f"/admin/pages/{article.pk}/revisions/compare/earliest...latest/",
            "/admin/snippets/discussion/comment/",
            "/admin/snippets/people/author/",
            "/admin/images/",
            "/admin/pages/search/?q=حلب",
            "/admin/guide/",
            "/admin/account/",
        ]:
            page.goto(demo_site.url + url, wait_until="networkidle")
        page.goto(f"{demo_site.url}/admin/pages/{article.pk}/edit/", wait_until="networkidle")
        for panel in ("status", "preview", "checks", "comments"):
            page.locator(f"[data-side-panel-toggle='{panel}']").click()
            page.wait_for_load_state("networkidle")
        avatar = page.locator(".sidebar-footer img, [class*=avatar] img").first
        assert avatar.get_attribute("src").startswith("data:image/svg+xml")
        shot(page, "editor-panels")
    finally:
        context.close()
    assert hosts == {urlparse(demo_site.url).netloc}, hosts


def test_a_headline_alone_leaves_no_draft(browser, demo_site, staff, section):
    """A writer opens «إضافة صفحة فرعية» on a phone and types a long headline: the field grows
    over several lines, and leaving the screen leaves no draft in the section."""
    before = ArticlePage.objects.count()
    context, page = log_in(browser, demo_site, "sara", viewport=PHONE)
    try:
        new_article_page(page, demo_site, section)
        title = page.locator("#id_title")
        one_line = title.bounding_box()["height"]
        title.click()
        page.keyboard.type(
            "وزارة الموارد المائية تعلن خطة طارئة لإصلاح محطات الضخ في حلب وريفها قبل الصيف",
            delay=5,
        )
        page.keyboard.press("Enter")  # stays one paragraph
        assert title.bounding_box()["height"] > 2 * one_line
        assert "\n" not in title.input_value()
        page.wait_for_timeout(2_500)  # several autosave intervals
        shot(page, "headline-phone")
    finally:
        context.close()
    assert ArticlePage.objects.count() == before


def test_scheduling_a_new_article_schedules_it(browser, demo_site, staff, section):
    """An editor writes a new article, sets «تعيين جدول», saves the schedule while the autosave of
    the new date is on its way, and chooses «جدولة للنشر»: the article is scheduled, the message
    says when, and no «لقد حفظت نسخة جديدة في نافذة أخرى» stops it."""
    context, page = log_in(browser, demo_site, "khaled")
    title = "خبر مجدول من المتصفح"
    try:
        new_article_page(page, demo_site, section)
        page.locator("#id_title").fill(title)
        page.locator("#id_summary").fill("ملخص خبر مجدول للغد.")
        page.get_by_role("button", name="اختر كاتب").click()
        page.locator(".modal a[data-chooser-modal-choice]").first.click()
        page.locator("[id$='-child-body-wrapper'] button.c-sf-add-button").first.click()
        page.get_by_role("option", name="فقرة").first.click()
        page.locator(".DraftEditor-root [contenteditable=true]").first.click()
        page.keyboard.type("فقرة أولى من الخبر المجدول.", delay=5)

        page.locator("[data-side-panel-toggle='status']").click()
        page.get_by_role("button", name="تعيين جدول").first.click()
        go_live = timezone.localtime() + timedelta(days=1)
        page.locator("#id_go_live_at").fill(f"{go_live:%Y-%m-%d %H:%M}")
        page.locator("#id_go_live_at").press("Tab")  # the date changed: autosave starts
        page.wait_for_timeout(700)  # its request has left (Wagtail waits 500 ms)…
        # …and the editor saves the schedule while it is on its way.
        with page.expect_navigation():
            page.get_by_role("button", name="حفظ الجدول").dispatch_event("click")
        page.wait_for_load_state("networkidle")
        expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
        page.locator("footer [data-w-dropdown-target='toggle']").last.click()
        page.get_by_role("button", name="جدولة للنشر").click()
        expect(page.locator(".messages")).to_contain_text(f"جُدول المقال «{title}» للنشر في")
        expect(page.get_by_text("لقد حفظت نسخة جديدة في نافذة أخرى")).to_have_count(0)
        shot(page, "scheduled")
    finally:
        context.close()
    article = ArticlePage.objects.get(title=title)
    try:
        assert not article.live and article.scheduled_revision is not None
    finally:
        article.delete()


def test_one_click_approve_in_the_comment_queue(browser, demo_site, staff, section):
    """«اعتماد» in a waiting comment's row publishes it at once: no confirmation page."""
    article = ArticlePage.objects.live().filter(section=section).first()
    comment = Comment.objects.create(
        article=article,
        name="قارئة من حماة",
        email="hama@example.org",
        body="شكراً",
        status="pending",
    )
    context, page = log_in(browser, demo_site, "khaled")
    try:
        page.goto(demo_site.url + "/admin/snippets/discussion/comment/?status=pending")
        row = page.locator("tr", has_text="قارئة من حماة")
        row.get_by_role("link", name="اعتماد").click()
        expect(page.locator(".messages")).to_contain_text("نُشر تعليق قارئة من حماة")
        expect(page).to_have_url(
            re.compile(r"/admin/snippets/discussion/comment/\?status=pending$")
        )
        comment.refresh_from_db()
        assert comment.status == Comment.Status.APPROVED
    finally:
        context.close()
        comment.delete()


def test_read_also_chooser_opens_on_the_newest_articles_with_search_focused(
    browser, demo_site, staff, section
):
    """«اقرأ أيضاً» lists live articles newest first; the cursor is in the search box, and typing
    a word of a headline narrows the list."""
    newest = ArticlePage.objects.live().order_by("-published_at").first()
    context, page = log_in(browser, demo_site, "khaled")
    try:
        new_article_page(page, demo_site, section)
        page.locator("[id$='-child-body-wrapper'] button.c-sf-add-button").first.click()
        page.get_by_role("option", name="اقرأ أيضاً").first.click()
        page.get_by_role("button", name="اختر مقالاً").click()
        modal = page.locator(".modal")
        expect(modal.locator("[data-chooser-modal-choice]").first).to_have_text(newest.title)
        search = modal.locator("[data-nashir-autofocus]")
        expect(search).to_be_focused()
        page.keyboard.type("المياه")
        expect(modal.locator("[data-chooser-modal-choice]").first).to_contain_text("المياه")
        shot(page, "read-also-chooser")
    finally:
        context.close()


def test_most_read_is_current_on_a_cached_page(browser, demo_site, section):
    """A home page kept from before anything was read (as nginx or the page cache serve it:
    the very same bytes) shows «الأكثر قراءة» as soon as a flush has written reads — its script
    fetches the current block from /most-read/."""
    article = ArticlePage.objects.live().filter(section=section).last()
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        # Before anything was read: the demo's own reads (it shows the block filled) are gone.
        ReadCount.objects.all().delete()
        purge(Key.SITE)
        kept = page.goto(demo_site.url + "/").text()  # the copy the page cache keeps
        assert 'data-most-read-src="/most-read/" hidden' in kept
        for _ in range(3):
            record_read(article.pk)  # the first one may flush by itself: it is due
        flush_read_counts()
        assert sum(article.read_counts.values_list("count", flat=True)) == 3

        page.route(
            demo_site.url + "/",
            lambda route: route.fulfill(body=kept, content_type="text/html; charset=utf-8"),
        )
        page.goto(demo_site.url + "/")
        block = page.locator("[data-most-read-src]")
        expect(block).to_be_visible()
        expect(block).to_contain_text(article.title)
        block.scroll_into_view_if_needed()
        shot(page, "most-read-cached-home")
    finally:
        context.close()
