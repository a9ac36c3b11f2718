"""What the browser tests of the reader's pages share: screen sizes, the pages a reader moves
between, and small steps (pictures loaded, the comment form ready)."""

from pathlib import Path

from playwright.sync_api import expect

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-results"
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1440, "height": 900}}
PHONE_SCREEN = {"width": 360, "height": 800}
LOCAL_HOSTS = {"localhost", "127.0.0.1"}


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


def wait_for_comment_token(page):
    """comments.js fetches this reader's CSRF token and stamp for the cached page's form once
    the reader starts writing."""
    page.get_by_label("التعليق").focus()
    expect(page.locator("#comment-form input[name=stamp]")).not_to_have_value("")
