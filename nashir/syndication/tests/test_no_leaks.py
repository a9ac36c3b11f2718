"""Everything the outside world can read — feeds, sitemaps, the API — shows published, public work only."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from nashir.news.tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

SECRETS = ["سر-مسودة", "سر-غير-منشور", "سر-خاص", "سر-قسم-خاص", "secret@newsroom.example"]


@pytest.fixture
def newsroom(home, section, author):
    author.email = "secret@newsroom.example"
    author.save()
    public = make_article(section, "خبر منشور للجميع", authors=[author], tags=["عام"], image=True)

    # A published article whose newer draft has not been published.
    public.title = "سر-مسودة"
    public.summary = "سر-مسودة"
    public.save_revision()

    never = make_article(section, "سر-غير-منشور", authors=[author], tags=["عام"], live=False)
    unpublished = make_article(section, "خبر سُحب", authors=[author], tags=["عام"])
    unpublished.unpublish()
    unpublished.title = "سر-غير-منشور"
    unpublished.save_revision()

    private = make_article(section, "سر-خاص", authors=[author], tags=["عام"])
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    hidden_section = make_section(home, "قسم داخلي", "internal")
    in_hidden = make_article(hidden_section, "سر-قسم-خاص", authors=[author], tags=["عام"])
    restriction = PageViewRestriction.objects.create(page=hidden_section, restriction_type="groups")
    restriction.groups.set([Group.objects.get_or_create(name="مراسلون")[0]])
    return {"public": public, "hidden": [never, unpublished, private, in_hidden]}


def crawl_urls(hidden):
    urls = [
        "/feed/",
        "/feed/atom/",
        "/feed/section/syria/",
        "/feed/section/syria/atom/",
        "/feed/author/reem/",
        "/feed/author/reem/atom/",
        "/feed/tag/عام/",
        "/feed/tag/عام/atom/",
        "/sitemap.xml",
        "/sitemaps/pages/",
        "/sitemaps/authors/",
        "/sitemaps/tags/",
        "/news-sitemap.xml",
        "/robots.txt",
        "/api/v2/articles/",
        "/api/v2/articles/?fields=*",
        "/api/v2/articles/?author=reem",
        "/api/v2/articles/?tag=عام&fields=*",
        "/api/v2/articles/?search=سر",
        "/api/v2/sections/?fields=*",
        "/api/v2/authors/",
        "/api/v2/authors/?fields=*",
    ]
    return urls + [f"/api/v2/articles/{page.pk}/" for page in hidden]


def test_nothing_private_leaks(client, newsroom):
    """No draft, unpublished or private article and no e-mail address appears anywhere public."""
    seen_public = False
    for url in crawl_urls(newsroom["hidden"]):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code in (200, 404), url
        for secret in SECRETS:
            assert secret not in body, (url, secret)
        for page in newsroom["hidden"]:
            assert f"/{page.slug}/" not in body, (url, page.slug)
        seen_public |= "خبر منشور للجميع" in body
    assert seen_public
    for page in newsroom["hidden"]:
        assert client.get(f"/api/v2/articles/{page.pk}/").status_code == 404
    assert client.get("/feed/section/internal/").status_code == 404


def test_logged_in_editor_gets_public_api_too(client, newsroom, django_user_model):
    """Even an editor's session does not make the API show drafts or restricted pages."""
    editor = django_user_model.objects.create_superuser("editor", "editor@x.example", "pw")
    client.force_login(editor)
    body = client.get("/api/v2/articles/?fields=*").content.decode()
    for secret in SECRETS:
        assert secret not in body
    assert "editor@x.example" not in body
