import pytest
from django.urls import reverse
from wagtail.admin.panels import InlinePanel
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from nashir.news.models import ArticlePage, HomePage, SectionPage
from nashir.news.tests.factories import make_article, make_section
from nashir.people.tests.factories import AuthorFactory


def inline_panels(panel):
    """Every InlinePanel of the article editor, so the form data carries all their formsets."""
    if isinstance(panel, InlinePanel):
        yield panel.relation_name
    for child in getattr(panel, "children", []):
        yield from inline_panels(child)


def article_form(author, title="خبر كتبه محرر في لوحة التحكم", **extra):
    empty = {name: inline_formset([]) for name in inline_panels(ArticlePage.get_edit_handler())}
    return nested_form_data(
        {
            **empty,
            "title": title,
            "slug": "editor-article",
            "summary": "ملخص كتبه المحرر.",
            "bylines": inline_formset([{"author": author.pk}]),
            "body": streamfield(
                [
                    ("paragraph", rich_text("<p>فقرة أولى من المحرر.</p>")),
                    ("subheading", "عنوان فرعي"),
                ]
            ),
            "tags": "المياه, حلب",
            **extra,
        }
    )


class TestEditorsWriteInArabic(WagtailPageTestCase):
    """An editor works in an Arabic, right-to-left admin and can write, preview, draft and publish."""

    def setUp(self):
        self.user = self.login()  # a superuser
        self.home = HomePage.objects.get()
        self.section = make_section(self.home, "سوريا", "syria")
        self.author = AuthorFactory(name="رامي الحداد")

    def test_admin_is_arabic_and_rtl(self):
        """Login, dashboard and editor pages declare lang="ar" dir="rtl"."""
        self.client.logout()
        login = self.client.get("/admin/login/").content.decode()
        assert 'lang="ar" dir="rtl"' in login
        assert "كلمة المرور" in login and ">\n            Password" not in login
        self.client.force_login(self.user)
        for url in [
            "/admin/",
            reverse("wagtailadmin_pages:add", args=["news", "articlepage", self.section.pk]),
        ]:
            html = self.client.get(url).content.decode()
            assert 'lang="ar" dir="rtl"' in html, url

    def test_page_tree_is_explicit(self):
        """Articles live in sections, sections under the home page — nowhere else."""
        self.assertCanCreateAt(SectionPage, ArticlePage)
        self.assertCanCreateAt(HomePage, SectionPage)
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanNotCreateAt(ArticlePage, ArticlePage)

    def test_editor_publishes_an_article(self):
        """Publishing from the admin puts the article on the site with its byline and tags."""
        self.assertCanCreate(self.section, ArticlePage, article_form(self.author))
        article = ArticlePage.objects.get(slug="editor-article")
        assert article.live and article.section_id == self.section.pk
        html = self.client.get(article.url).content.decode()
        assert "خبر كتبه محرر في لوحة التحكم" in html
        assert "رامي الحداد" in html and "فقرة أولى من المحرر." in html
        assert "حلب" in [t.name for t in article.tags.all()]

    def test_editor_saves_a_draft_that_readers_cannot_see(self):
        """A saved draft exists in the admin but not on the site."""
        self.assertCanCreate(self.section, ArticlePage, article_form(self.author), publish=False)
        article = ArticlePage.objects.get(slug="editor-article")
        assert not article.live
        self.client.logout()
        assert self.client.get("/syria/editor-article/").status_code == 404
        assert "خبر كتبه محرر" not in self.client.get("/").content.decode()

    def test_editor_previews_a_draft(self):
        """Preview renders the article page with the unsaved edits."""
        article = make_article(self.section, "عنوان قديم", authors=[self.author])
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])
        data = article_form(self.author, title="عنوان معاينة جديد")
        data["slug"] = article.slug
        assert self.client.post(url, data).json()["is_valid"]
        html = self.client.get(url).content.decode()
        assert "عنوان معاينة جديد" in html
        assert "اترك تعليقاً" in html


@pytest.mark.django_db
def test_site_name_comes_from_site_settings(client):
    """Editors rename the site in «هوية الموقع» and the masthead follows."""
    from wagtail.models import Site

    from nashir.core.models import SiteBranding

    branding = SiteBranding.for_site(Site.objects.get(is_default_site=True))
    branding.site_name = "صحيفة الغد"
    branding.save()
    html = client.get("/").content.decode()
    assert "صحيفة الغد" in html
