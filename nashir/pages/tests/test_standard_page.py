import pytest

from nashir.pages.models import StandardPage

pytestmark = pytest.mark.django_db


def make_page(parent, title="من نحن", slug="about", in_footer=True, live=True):
    page = StandardPage(
        title=title,
        slug=slug,
        intro="تعريف قصير بالموقع.",
        body=[("paragraph", "<p>نص الصفحة.</p>"), ("subheading", "كيف نعمل")],
        show_in_menus=in_footer,
        live=False,
    )
    parent.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    return page


def test_a_standard_page_is_served_at_its_address(client, home):
    """«من نحن» answers at /about/ with its title, intro and body."""
    make_page(home)
    html = client.get("/about/").content.decode()
    assert "<h1>من نحن</h1>" in html
    assert "تعريف قصير بالموقع." in html and "نص الصفحة." in html and "كيف نعمل" in html


def test_footer_links_pages_marked_for_menus_only(client, home, section):
    """The footer lists live pages marked «إظهار في القوائم», not drafts or unmarked ones."""
    make_page(home, "من نحن", "about")
    make_page(home, "اتصل بنا", "contact")
    make_page(home, "صفحة داخلية", "internal", in_footer=False)
    make_page(home, "مسودة", "draft", live=False)
    html = client.get(section.url).content.decode()
    footer = html.split('<footer class="site-footer">', 1)[1]
    assert 'href="/about/"' in footer and 'href="/contact/"' in footer
    assert "/internal/" not in footer and "/draft/" not in footer


def test_publishing_a_footer_page_reaches_cached_pages(client, home, section):
    """A page-cached section page shows a footer page published after it was cached."""
    assert client.get(section.url).status_code == 200  # stored in the page cache
    make_page(home, "سياسة الخصوصية", "privacy")
    assert 'href="/privacy/"' in client.get(section.url).content.decode()


def test_standard_page_can_be_nested(client, home):
    """A page under a page (as WordPress allows) keeps its address."""
    parent = make_page(home, "من نحن", "about")
    make_page(parent, "فريق العمل", "team")
    assert client.get("/about/team/").status_code == 200
