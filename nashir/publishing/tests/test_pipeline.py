"""One receiver per event runs one ordered chain: index, related lists, purge once, render ahead."""

import pytest
from wagtail.models import PageViewRestriction

from nashir.news.tests.factories import make_article, make_image, make_section
from nashir.pagecache import Key
from nashir.people.tests.factories import AuthorFactory
from nashir.publishing import pipeline

pytestmark = pytest.mark.django_db


@pytest.fixture
def purges(monkeypatch):
    """Every purge the pipeline makes, as the set of keys of each call."""
    calls = []
    monkeypatch.setattr(pipeline, "purge", lambda *keys: calls.append(set(keys)))
    return calls


@pytest.fixture
def chains(monkeypatch):
    """Every chain the pipeline runs, with the steps it ran in order."""
    ran = []
    original = pipeline.run

    def recording(change, steps=None):
        ran.append(original(change, steps))
        return ran[-1]

    monkeypatch.setattr(pipeline, "run", recording)
    return ran


def test_a_publish_runs_its_steps_in_order_and_purges_once(section, purges, chains):
    """Index, related lists, one purge, database tuning, rendering ahead — in that order."""
    article = make_article(section, "افتتاح سوق الحميدية بعد الترميم", tags=["أسواق"])
    [change] = [c for c in chains if c.page.pk == article.pk]
    assert change.event == "publish"
    assert change.steps_done == ["index", "relate", "purge_once", "tune_database", "render_ahead"]
    assert len(purges) == 1


def test_the_one_purge_covers_the_article_its_lists_and_its_neighbours(section, purges):
    """The article, its section, tags, author lists, home, feeds and neighbours whose shown
    related list changed are all in the same purge."""
    author = AuthorFactory()
    first = make_article(section, "انقطاع المياه في حلب", authors=[author], tags=["المياه"])
    purges.clear()
    second = make_article(section, "انقطاع المياه في حمص", authors=[author], tags=["المياه"])
    [keys] = purges
    tag_id = second.tagged_items.get().tag_id
    assert {
        Key.page(second),
        Key.section(section),
        Key.tag(tag_id),
        Key.author_list(author),
        Key.HOME,
        Key.FEEDS,
        Key.page(first),  # its related list now shows the new article
    } <= keys
    assert Key.headline(second) not in keys  # an edit does not empty every page's ticker


def test_unpublishing_withdraws_the_headline_from_every_page(section, purges, chains):
    """Unpublish: related lists first, then one purge that includes the headline key."""
    article = make_article(section)
    purges.clear()
    article.unpublish()
    change = chains[-1]
    assert change.event == "unpublish"
    assert change.steps_done == ["forget_related", "purge_once", "tune_database"]
    [keys] = purges
    assert {Key.page(article), Key.headline(article), Key.HOME, Key.FEEDS} <= keys


def test_deleting_a_live_article_purges_what_showed_it(section, purges):
    """A deleted article leaves its lists, every page's ticker and its related lists."""
    article = make_article(section)
    pk = article.pk
    purges.clear()
    article.delete()
    assert any({Key.page(pk), Key.headline(pk), Key.section(section)} <= keys for keys in purges)


def test_moving_an_article_purges_both_sections(home, section, purges):
    """An article filed under another section leaves the old list and joins the new one."""
    economy = make_section(home, "اقتصاد", "economy")
    article = make_article(section)
    purges.clear()
    article.move(economy, pos="last-child")
    [keys] = purges
    assert {Key.section(section), Key.section(economy), Key.page(article)} <= keys


def test_a_failing_step_does_not_stop_the_purge(section, purges, monkeypatch):
    """If the related lists cannot be computed, the purge still happens."""

    def broken(change):
        raise RuntimeError("related engine down")

    monkeypatch.setattr(pipeline, "PUBLISH", (pipeline.index, broken, pipeline.purge_once))
    monkeypatch.setattr(pipeline, "CHAINS", {**pipeline.CHAINS, "publish": pipeline.PUBLISH})
    article = make_article(section)
    assert any(Key.page(article) in keys for keys in purges)


def test_a_bulk_job_suspends_the_pipeline(section, purges, chains):
    """An import publishes thousands of pages: no chain runs until it ends."""
    with pipeline.suspended():
        make_article(section)
    assert purges == [] and chains == []
    make_article(section)
    assert chains


def test_comments_authors_pictures_and_settings_purge_what_shows_them(section, purges):
    """Each thing shown on pages purges its own key when it changes (not when it is made)."""
    from wagtail.models import Site

    from nashir.core.models import SiteBranding
    from nashir.discussion.models import Comment, CommentSettings

    author = AuthorFactory()
    image = make_image()
    site = Site.objects.get(is_default_site=True)
    branding, rules = SiteBranding.for_site(site), CommentSettings.for_site(site)
    article = make_article(section)
    purges.clear()

    comment = Comment.objects.create(
        article=article, name="قارئ", email="r@example.org", body="رأي", status="pending"
    )
    assert purges == []  # a pending comment shows nowhere
    comment.status = "approved"
    comment.save()
    author.bio = "نبذة جديدة"
    author.save()
    image.title = "عنوان جديد للصورة"
    image.save()
    branding.tagline = "شعار جديد"
    branding.save()
    rules.close_after_days = 2
    rules.save()
    assert purges == [
        {Key.page(article)},
        {Key.author(author), Key.AUTHORS},
        {Key.image(image)},
        {Key.SITE},
        {Key.COMMENT_RULES},
    ]


def test_a_privacy_restriction_purges_the_site(section, purges):
    """A page put behind a password may be listed or linked anywhere: everything goes."""
    article = make_article(section)
    purges.clear()
    PageViewRestriction.objects.create(page=article, restriction_type="password", password="x")
    assert purges == [{Key.SITE}]
