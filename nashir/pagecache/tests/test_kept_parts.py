"""An article's rendered parts are kept between page-cache misses, and never outlive a change."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import Site

from nashir.discussion.models import Comment, CommentSettings
from nashir.news.tests.factories import make_article
from nashir.pagecache import Key, depends_on, keep, kept, purge
from nashir.pagecache.models import KeptPart
from nashir.people.tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Every view below renders the page: what is tested is the kept parts inside it."""
    settings.NASHIR_PAGE_CACHE = False


def html(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode()


def headline(page_html):
    return page_html.split('<h1 class="article__title">')[1].split("</h1>")[0]


def related_list(page_html):
    return page_html.split('<section class="related"')[1].split("</section>")[0]


def kept_parts():
    return KeptPart.objects.all()


def test_the_second_view_reuses_the_article_and_shows_the_same_page(client, section):
    """The parts are rendered once; the page built around them is the same as the first."""
    article = make_article(section, "مياه حلب", tags=["المياه"], image=True)
    first = html(client, article.url)
    assert kept_parts().count() == 1
    assert html(client, article.url) == first


def test_a_published_edit_shows_on_the_next_view(client, section):
    """An editor fixes a headline: the next reader sees the fix, not the kept copy."""
    article = make_article(section, "عنوان أول")
    assert headline(html(client, article.url)) == "عنوان أول"
    article.title = "عنوان مصحّح"
    article.save_revision().publish()
    assert headline(html(client, article.url)) == "عنوان مصحّح"


def test_an_approved_comment_shows_on_the_next_view(client, section):
    """A moderator approves a comment: it appears under the article at once."""
    article = make_article(section)
    html(client, article.url)
    comment = Comment.objects.create(
        article=article, name="قارئ", email="r@example.org", body="تعليق جديد", status="pending"
    )
    assert "تعليق جديد" not in html(client, article.url)
    comment.status = Comment.Status.APPROVED
    comment.save()
    assert "تعليق جديد" in html(client, article.url)


def test_a_related_article_renamed_shows_in_the_list(client, section):
    """«مقالات ذات صلة» shows a related article's new headline after it is published."""
    other = make_article(section, "سدود الفرات", tags=["المياه"])
    article = make_article(section, "مياه الشرب", tags=["المياه"])
    assert "سدود الفرات" in related_list(html(client, article.url))
    other.title = "سدود الفرات بعد الفيضان"
    other.save_revision().publish()
    assert "سدود الفرات بعد الفيضان" in related_list(html(client, article.url))


def test_an_author_bio_edit_shows_in_the_author_box(client, section):
    """The author box under the article follows an edit of the author's bio."""
    author = AuthorFactory(bio="صحفية من حمص.")
    article = make_article(section, authors=[author])
    assert "صحفية من حمص." in html(client, article.url)
    author.bio = "صحفية تغطي شؤون المياه."
    author.save()
    assert "صحفية تغطي شؤون المياه." in html(client, article.url)


def test_closing_comments_site_wide_shows_at_once(client, section, home):
    """Changing «إغلاق التعليقات بعد» closes the form on old articles at the next view."""
    article = make_article(section, hours_ago=72)
    assert 'id="comment-form"' in html(client, article.url)
    rules = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    rules.close_after_days = 1
    rules.save()
    assert 'id="comment-form"' not in html(client, article.url)


def test_the_form_closes_on_time_without_any_edit(client, section, monkeypatch):
    """Kept parts of an open article are not reused once its comment days are over."""
    article = make_article(section, hours_ago=30 * 24 - 1)  # closes in an hour (30 days)
    assert 'id="comment-form"' in html(client, article.url)
    closing = (article.published_at + datetime.timedelta(days=30)).timestamp()
    monkeypatch.setattr(kept.time, "time", lambda: closing + 1)
    after = datetime.datetime.fromtimestamp(closing + 1, datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: after)
    assert "التعليقات مغلقة على هذا المقال." in html(client, article.url)


def test_a_breaking_mark_is_not_kept_past_its_time(client, section, monkeypatch):
    """«عاجل» until 14:05: at 14:05 the article is shown again without the mark."""
    until = timezone.now() + datetime.timedelta(minutes=3)
    urgent = make_article(section, "انقطاع الكهرباء عن العاصمة", breaking=True)
    urgent.breaking_until = until
    urgent.save_revision().publish()
    assert '<span class="badge">عاجل</span>' in html(client, urgent.url)
    later = until + datetime.timedelta(seconds=1)
    monkeypatch.setattr(kept.time, "time", lambda: later.timestamp())
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert '<span class="badge">عاجل</span>' not in html(client, urgent.url)


def test_each_site_gets_its_own_copy(client, home, section):
    """Two Sites on one article tree: each keeps parts with its own address in the links."""
    Site.objects.create(hostname="news.example.org", port=80, root_page=home)
    article = make_article(section)
    assert "http://testserver/" in html(client, article.url)
    other = html(client, article.url, HTTP_HOST="news.example.org")
    assert 'rel="canonical" href="http://news.example.org/' in other
    assert "http://testserver/" not in other
    assert kept_parts().count() == 2
    assert "http://news.example.org/" not in html(client, article.url)


def test_another_address_is_answered_but_never_kept(client, section):
    """A Host or scheme the Site does not have (a second port, a forged proxy header) cannot
    write what other readers get."""
    article = make_article(section)
    for extra in ({"HTTP_HOST": "testserver:31337"}, {"HTTP_X_FORWARDED_PROTO": "https"}):
        assert article.title in html(client, article.url, **extra)
    assert (
        "31337" not in html(client, article.url)
        and not kept_parts().exclude(name__endswith=f"@site{article.get_site().pk}").exists()
    )
    assert kept_parts().count() == 1


def test_a_preview_neither_uses_nor_keeps_parts(client, section):
    """An editor's preview of a draft shows the draft; readers keep the published text."""
    article = make_article(section, "النص المنشور")
    article.title = "مسودة لم تُنشر"
    article.save_revision()
    draft = article.get_latest_revision_as_object()
    for _ in range(2):  # the draft is not kept: shown before and after a reader's view
        preview = draft.make_preview_request()
        if hasattr(preview, "render"):
            preview.render()
        assert headline(preview.content.decode()) == "مسودة لم تُنشر"
        site_address = article.get_site().hostname  # where Wagtail's preview request points
        assert headline(html(Client(), article.url, HTTP_HOST=site_address)) == "النص المنشور"


def test_parts_rendered_during_a_purge_are_not_kept(rf, section):
    """A render that started before a purge of what it shows must not keep a stale copy."""
    request = rf.get("/syria/x/")

    def render():
        depends_on(request, Key.page(77))
        purge(Key.page(77))  # an editor publishes while this render is running
        return {"article": "قديم"}

    assert keep("test/77", render, request) == {"article": "قديم"}
    assert not kept_parts().exists()
    assert Key.page(77) in request.page_cache_deps


def test_expire_removes_only_week_old_parts(client, section):
    """`pagecache expire` leaves fresh parts alone and drops ones a week old."""
    fresh, idle = make_article(section), make_article(section)
    html(client, fresh.url)
    html(client, idle.url)
    week_ago = timezone.now() - datetime.timedelta(seconds=kept.MAX_AGE + 60)
    kept_parts().filter(name__startswith=f"article/{idle.pk}@").update(stored_at=week_ago)
    call_command("pagecache", "expire")
    assert [p.split("@")[0] for p in kept_parts().values_list("name", flat=True)] == [
        f"article/{fresh.pk}"
    ]


def test_switched_off_nothing_is_kept(client, section, settings):
    """NASHIR_FRAGMENT_CACHE=0 renders every part on every view (for measuring)."""
    settings.NASHIR_FRAGMENT_CACHE = False
    article = make_article(section)
    html(client, article.url)
    assert not kept_parts().exists()


def test_stats_count_pages_and_kept_parts_apart(client, section, settings):
    """`pagecache stats` tells the operator how many pages and article parts are kept."""
    from io import StringIO

    settings.NASHIR_PAGE_CACHE = True
    article = make_article(section)
    html(client, article.url)
    out = StringIO()
    call_command("pagecache", "stats", stdout=out)
    assert "1 cached pages (" in out.getvalue()
    assert "1 kept article parts in the database" in out.getvalue()


def test_a_damaged_row_is_rendered_again(client, section):
    """Unreadable kept parts never reach a reader: the article is rendered afresh."""
    article = make_article(section, "نص سليم")
    html(client, article.url)
    kept_parts().update(content=b"not zlib")
    assert headline(html(client, article.url)) == "نص سليم"


def test_an_edit_published_while_a_page_renders_is_not_kept_old(rf, section):
    """A request that read the article before an edit was published does not keep the old text."""
    import time

    article = make_article(section, "العنوان قبل التعديل")
    request = rf.get(article.url)
    request.page_cache_started_at = time.time() - 1  # the request began before the publish
    in_flight = type(article).objects.get(pk=article.pk)
    article.title = "العنوان بعد التعديل"
    article.save_revision().publish()
    in_flight.get_context(request)  # renders the old headline: shown once, never kept
    assert not kept_parts().exists()
    assert headline(html(Client(), article.url)) == "العنوان بعد التعديل"


def test_a_replaced_picture_file_shows_at_once(client, section):
    """An editor uploads a new file for the lead picture: the article shows its new rendition."""
    from nashir.news.tests.factories import make_image

    article = make_article(section, image=True)
    first = html(client, article.url)
    image = article.featured_image
    image.file = make_image("ملف جديد").file
    image.save()
    image.renditions.all().delete()
    assert html(client, article.url) != first


def test_comments_deleted_in_bulk_leave_the_page(client, section):
    """Comments removed together from the admin (a bulk delete) disappear from the article."""
    article = make_article(section)
    for body in ("تعليق أول", "تعليق ثان"):
        Comment.objects.create(
            article=article, name="قارئ", email="r@example.org", body=body, status="approved"
        )
    assert "تعليق أول" in html(client, article.url)
    Comment.objects.filter(article=article).delete()
    page = html(client, article.url)
    assert "تعليق أول" not in page and "تعليق ثان" not in page
