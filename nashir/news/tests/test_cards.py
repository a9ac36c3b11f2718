"""Teaser cards are rendered once per process and never show an outdated story."""

import datetime

import pytest
from django.core.cache import caches
from django.utils import timezone

from nashir.news.tests.factories import make_article, make_image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.NASHIR_PAGE_CACHE = False


def kept_cards():
    return len(caches["local"]._cache)


def section_list(client, url="/syria/"):
    html = client.get(url).content.decode()
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_cards_are_reused_and_look_the_same(client, section):
    """The second view of a listing reuses its cards and shows exactly the same page."""
    for i in range(3):
        make_article(section, f"خبر رقم {i}", image=True)
    first = section_list(client)
    assert kept_cards() == 3
    assert section_list(client) == first


def test_an_edited_headline_shows_in_the_list(client, section):
    """Publishing a new headline changes the card on the section page at once."""
    article = make_article(section, "عنوان قديم")
    assert "عنوان قديم" in section_list(client)
    article.title = "عنوان جديد"
    article.summary = "ملخص جديد"
    article.save_revision().publish()
    listing = section_list(client)
    assert "عنوان جديد" in listing and "ملخص جديد" in listing
    assert "عنوان قديم" not in listing


def test_a_replaced_picture_shows_in_the_list(client, section):
    """An article given another lead picture shows the new one on its card."""
    article = make_article(section, image=True)
    old_src = section_list(client).split('src="', 1)[1].split('"', 1)[0]
    article.featured_image = make_image("صورة أخرى")
    article.save_revision().publish()
    new_src = section_list(client).split('src="', 1)[1].split('"', 1)[0]
    assert new_src != old_src


def test_a_moved_focal_point_shows_in_the_list(client, section):
    """Moving a picture's focal point (new crops) gives its cards the new rendition."""
    article = make_article(section, image=True)
    old_src = section_list(client).split('src="', 1)[1].split('"', 1)[0]
    image = article.featured_image
    image.focal_point_x, image.focal_point_y = 10, 10
    image.focal_point_width = image.focal_point_height = 8
    image.save()
    new_src = section_list(client).split('src="', 1)[1].split('"', 1)[0]
    assert new_src != old_src


def test_a_renamed_section_shows_on_the_home_cards(client, home, section):
    """The section name under each home-page card follows a rename."""
    make_article(section, "خبر أول")
    make_article(section, "خبر ثان")
    assert "<span>سوريا</span> · <time" in section_list(client, "/")
    section.title = "الشأن السوري"
    section.save_revision().publish()
    home_page = section_list(client, "/")
    assert "<span>الشأن السوري</span> · <time" in home_page
    assert "<span>سوريا</span> · <time" not in home_page


def test_the_breaking_mark_leaves_the_card_on_time(client, section, monkeypatch):
    """«عاجل» on a card disappears when its time runs out, with no edit."""
    article = make_article(section, "حريق في سوق المدينة", breaking=True)
    article.breaking_until = timezone.now() + datetime.timedelta(minutes=5)
    article.save_revision().publish()
    assert '<span class="badge">عاجل</span>' in section_list(client)
    later = timezone.now() + datetime.timedelta(minutes=6)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert '<span class="badge">عاجل</span>' not in section_list(client)


def test_the_same_story_keeps_its_lead_and_list_shapes(client, home, section):
    """On the home page the lead story is large and the same story elsewhere is a small card."""
    make_article(section, "الخبر الرئيسي", image=True)
    html = section_list(client, "/")
    assert html.count("card--lead") == 1
    assert "fill-960x540" in html and "fill-640x360" in html


def test_memory_is_bounded(client, section, settings):
    """A process keeps at most the local cache's MAX_ENTRIES cards."""
    local = settings.CACHES["local"]
    settings.CACHES = {
        **settings.CACHES,
        "local": {**local, "OPTIONS": {"MAX_ENTRIES": 2, "CULL_FREQUENCY": 2}},
    }
    for i in range(4):
        make_article(section, f"خبر {i}")
    section_list(client)
    assert 0 < kept_cards() <= 2


def test_cards_link_within_the_site_when_there_are_several(client, home, section):
    """With a second site configured, cards still link to /section/article/, not another host."""
    from wagtail.models import Page, Site

    other_root = Page.get_first_root_node().add_child(title="موقع آخر", slug="other-site")
    Site.objects.create(hostname="other.example.org", root_page=other_root)
    article = make_article(section, "خبر الموقع الأول")
    listing = section_list(client)
    assert f'href="/syria/{article.slug}/"' in listing
    assert "http://" not in listing.split('class="card')[1].split("</article>")[0]
