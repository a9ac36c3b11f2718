"""The site, its home page and its settings come from the cache, and never outlive a change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from nashir.core.models import SiteBranding
from nashir.discussion.models import CommentSettings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.NASHIR_PAGE_CACHE = False


def sql_of(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return " ".join(q["sql"] for q in ctx.captured_queries)


def test_a_warm_page_asks_the_database_nothing_about_the_site(client, section):
    """Once the site is known, pages load neither the Site, its home page nor its settings."""
    client.get("/")
    sql = sql_of(client, "/syria/")
    assert "wagtailcore_site" not in sql
    assert "core_sitebranding" not in sql
    assert "discussion_commentsettings" not in sql


def test_a_new_site_name_shows_on_the_next_page(client, section):
    """An editor renames the site in «هوية الموقع»: the next page's masthead has the new name."""
    client.get("/syria/")
    branding = SiteBranding.for_site(Site.objects.get(is_default_site=True))
    branding.site_name = "صحيفة الغد"
    branding.save()
    assert "صحيفة الغد" in client.get("/syria/").content.decode()


def test_changed_comment_rules_apply_at_once(client, section):
    """Closing comments site-wide is seen by the next request, not after a cache timeout."""
    from nashir.news.tests.factories import make_article

    article = make_article(section, hours_ago=72)
    assert 'name="body"' in client.get(article.url).content.decode()
    rules = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    rules.close_after_days = 1
    rules.save()
    assert 'name="body"' not in client.get(article.url).content.decode()


def test_a_site_moved_to_a_new_hostname_is_found_there(client, section):
    """Changing the Site's hostname takes effect on the next request."""
    client.get("/syria/", HTTP_HOST="localhost")
    site = Site.objects.get(is_default_site=True)
    site.hostname = "news.example.org"
    site.save()
    client.get("/syria/", HTTP_HOST="news.example.org")
    response = client.get("/syria/", HTTP_HOST="news.example.org")
    assert response.wsgi_request._wagtail_site.hostname == "news.example.org"


def test_a_republished_home_page_is_not_served_from_the_old_copy(client, home):
    """The home page's own fields (its description for search engines) are fresh after a publish."""
    client.get("/")
    home.search_description = "الصفحة الأولى الجديدة"
    home.save_revision().publish()
    assert "الصفحة الأولى الجديدة" in client.get("/").content.decode()


def test_any_number_of_ports_and_hostnames_keep_one_entry_each_site(client, section, settings):
    """Requests to 40 ports (each app server its own, each bench run a new one) and for 10
    unknown hostnames (a wildcard in ALLOWED_HOSTS): the kept sites hold one entry for the
    Site's own address, one for its hostname at any other port and one for anything else — and
    every request still gets the right Site."""
    from nashir.core.sites import SITES

    settings.ALLOWED_HOSTS = ["*"]
    site = Site.objects.get(is_default_site=True)
    for port in range(8000, 8040):
        response = client.get("/syria/", HTTP_HOST=site.hostname, SERVER_PORT=str(port))
        assert response.status_code == 200
    for n in range(10):
        assert client.get("/syria/", HTTP_HOST=f"host{n}.example.org").status_code == 200
    assert client.get("/syria/", HTTP_HOST=site.hostname).status_code == 200
    assert len(SITES.get()["entries"]) == 3
    other = Site.objects.create(
        hostname="other.example.org", port=80, root_page=site.root_page, site_name="آخر"
    )
    response = client.get("/", HTTP_HOST="other.example.org")
    assert response.wsgi_request._wagtail_site.pk == other.pk
