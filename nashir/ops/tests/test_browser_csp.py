"""In a real Chromium, the policy blocks nothing the reader's pages need (no CSP violations)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from nashir.discussion.models import Comment
from nashir.news.models import ArticlePage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Recorded before any page script runs, so nothing the policy blocks goes unnoticed.
LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def demo_article(media_on_disk):
    call_command("load_demo", stdout=io.StringIO())
    article = ArticlePage.objects.live().filter(featured_image__isnull=False).first()
    Comment.objects.create(
        article=article, name="سلمى", email="salma@example.org", body="شكراً", status="approved"
    )
    return article


def visit(context, url):
    """Open a page; return the CSP violations and CSP console errors it caused."""
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    response = page.goto(url, wait_until="load")
    assert response.status == 200, url
    assert response.headers.get("content-security-policy"), url
    page.wait_for_timeout(300)  # let late reports (deferred scripts, lazy images) arrive
    violations = page.evaluate("window.__cspViolations")
    violations += [text for text in console if "Content Security Policy" in text]
    page.close()
    return violations


def test_pages_cause_no_violations_for_readers_and_editors(browser, live_server, demo_article):
    """Home, section, article (comments, JSON-LD, images), author, tag and search pages; then the
    article again as a logged-in editor, with Wagtail's user bar."""
    section = demo_article.get_parent()
    tag = demo_article.tags.first()
    author = demo_article.bylines.first().author
    urls = ["/", section.url, demo_article.url, f"/author/{author.slug}/", "/search/?q=حلب"]
    if tag:
        urls.append(f"/tag/{tag.slug}/")
    reader = browser.new_context()
    for url in urls:
        assert visit(reader, live_server.url + url) == [], url
    reader.close()

    get_user_model().objects.create_superuser("hala", "hala@example.org", "كلمة-سر-طويلة")
    editor = browser.new_context()
    login = editor.new_page()
    login.goto(live_server.url + "/admin/login/")
    login.fill("input[name=username]", "hala")
    login.fill("input[name=password]", "كلمة-سر-طويلة")
    login.click("button[type=submit]")
    login.wait_for_url(live_server.url + "/admin/")
    login.close()
    assert visit(editor, live_server.url + demo_article.url) == []
    editor.close()
