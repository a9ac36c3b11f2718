"""Every admin screen an editor uses reads in Arabic: no English left, no raw None/True/False,
none of the wrong Arabic Wagtail's own catalogue ships («هذا صفحة», «يوجد 2 تطابقين»…).

The screens are rendered with a small newsroom in every state an editor meets: a scheduled
article, one waiting in «مراجعة التحرير», one locked, one with revisions to compare, pending
comments, authors and a desk, an image. See admin_text.py for what counts as read text.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site, Workflow

from nashir.discussion.models import Comment
from nashir.news.tests.factories import make_article, make_image
from nashir.newsroom.roles import EDITOR, WORKFLOW, WRITER
from nashir.newsroom.tests.conftest import make_user
from nashir.people.tests.factories import AuthorFactory
from nashir.search.models import AliasGroup

from .admin_text import page_html, problems, readable_texts

pytestmark = pytest.mark.django_db

#: Wrong Arabic that Wagtail's catalogue used to put on these screens.
WRONG_ARABIC = [
    "هذا صفحة",
    "انظر في الواقع",
    "تطابقين",
    "قبل 0",
    "اعدادات",
    "رزمة",
    "رزم ",
    "هوية الموقع أذونات",
    "0 مرة",
    " التعليقات</div>",
]
#: Names that stay as they are: the users' own log-in names, the site's host name, and the
#: English option of the language chooser, which is named in its own language.
NAMES = ["editor", "writer", "boss", "localhost", "testserver", "English"]


@pytest.fixture
def newsroom(home, section):
    """A newsroom in every state the screens show."""
    editor = make_user("editor", EDITOR)
    writer = make_user("writer", WRITER)
    admin = make_user("boss", superuser=True)
    desk = AuthorFactory(desk=True)
    reporter = AuthorFactory(name="ليلى حداد", slug="layla")
    make_image("صورة من حلب")
    collection = Collection.get_first_root_node().add_child(name="صور المراسلين")

    edited = make_article(section, "خبر عُدّل مرتين", authors=[reporter])
    edited.title = "خبر عُدّل مرتين: عنوان جديد"
    edited.breaking = True
    edited.breaking_until = timezone.now() + timedelta(hours=3)
    edited.save_revision(user=editor).publish(user=editor)

    scheduled = make_article(section, "خبر مجدول للغد", authors=[desk], live=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=1)
    scheduled.save_revision(user=editor).publish(user=editor)

    in_review = make_article(section, "خبر بانتظار المراجعة", authors=[reporter], live=False)
    Workflow.objects.get(name=WORKFLOW).start(in_review, writer)

    locked = make_article(section, "خبر مقفل", authors=[reporter])
    Page.objects.filter(pk=locked.pk).update(
        locked=True, locked_by=editor, locked_at=timezone.now()
    )

    for n, status in enumerate([Comment.Status.PENDING, Comment.Status.PENDING, "approved"]):
        Comment.objects.create(
            article=edited,
            name=f"قارئ {n}",
            email=f"reader{n}@example.org",
            body="تعليق",
            status=status,
        )
    AliasGroup.objects.create(name="قسد", terms="قسد\nقوات سوريا الديمقراطية")
    return {
        "editor": editor,
        "admin": admin,
        "section": section,
        "edited": edited,
        "scheduled": scheduled,
        "in_review": in_review,
        "locked": locked,
        "author": reporter,
        "collection": collection,
    }


def editor_screens(n):
    """The screens of an editor's day: listings, the editor, history and compare, reports,
    comments, authors, images and search."""
    article, section = n["edited"], n["section"]
    image_id = get_image_model().objects.first().pk
    return [
        "/admin/",
        "/admin/guide/",
        "/admin/pages/",
        reverse("wagtailadmin_explore", args=[section.pk]),
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        reverse("wagtailadmin_pages:edit", args=[n["scheduled"].pk]),
        reverse("wagtailadmin_pages:edit", args=[n["in_review"].pk]),
        reverse("wagtailadmin_pages:edit", args=[n["locked"].pk]),
        reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk]),
        reverse("wagtailadmin_pages:history", args=[article.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[article.pk, "earliest", "latest"]),
        reverse("wagtailadmin_pages:usage", args=[article.pk]),
        reverse("wagtailadmin_pages:unpublish", args=[article.pk]),
        reverse("wagtailadmin_pages:move", args=[article.pk]),
        reverse("wagtailadmin_pages:copy", args=[article.pk]),
        "/admin/pages/search/?q=خبر",
        "/admin/reports/locked/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/aging-pages/",
        "/admin/snippets/discussion/comment/",
        "/admin/snippets/discussion/comment/?status=pending",
        "/admin/snippets/people/author/",
        reverse("wagtailsnippets_people_author:edit", args=[n["author"].pk]),
        "/admin/snippets/search/aliasgroup/",
        "/admin/images/",
        reverse("wagtailimages:edit", args=[image_id]),
        "/admin/documents/",
        "/admin/account/",
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailimages_chooser:choose"),
        reverse("article_chooser:choose"),
    ]


def admin_screens(n):
    """What only administrators open: settings, sites, collections, users and groups, the
    site history and page-types reports."""
    site = Site.objects.get(is_default_site=True)
    editors = Group.objects.get(name=EDITOR)
    return [
        "/admin/reports/site-history/",
        "/admin/reports/page-types-usage/",
        f"/admin/settings/core/sitebranding/{site.pk}/",
        f"/admin/settings/discussion/commentsettings/{site.pk}/",
        "/admin/sites/",
        reverse("wagtailsites:edit", args=[site.pk]),
        "/admin/collections/",
        reverse("wagtailadmin_collections:edit", args=[n["collection"].pk]),
        "/admin/redirects/",
        "/admin/workflows/list/",
        "/admin/workflows/tasks/index/",
        "/admin/users/",
        reverse("wagtailusers_users:edit", args=[n["editor"].pk]),
        "/admin/groups/",
        reverse("wagtailusers_groups:edit", args=[editors.pk]),
    ]


def read(client, url):
    response = client.get(url, HTTP_ACCEPT="text/html", follow=True)
    assert response.status_code == 200, (url, response.status_code)
    return page_html(response)


def assert_arabic(client, urls):
    found = {}
    for url in urls:
        html = read(client, url)
        for word, text in problems(html, extra_allowed=NAMES):
            found.setdefault(url, []).append(f"{word!r} in «{text[:120]}»")
        for phrase in WRONG_ARABIC:
            if phrase in html:
                found.setdefault(url, []).append(f"wrong Arabic {phrase!r}")
    assert not found, "\n".join(f"{url}:\n  " + "\n  ".join(items) for url, items in found.items())


def test_an_editors_screens_are_all_arabic(client, newsroom):
    """Listings, the article editor (scheduled, in review, locked), history, compare, reports,
    comments, authors, images, search and the choosers: no Latin word, no None/True/False."""
    client.force_login(newsroom["editor"])
    assert_arabic(client, editor_screens(newsroom))


def test_an_administrators_screens_are_all_arabic(client, newsroom):
    """Settings, sites, collections, users and groups, and the administrators' reports too."""
    client.force_login(newsroom["admin"])
    assert_arabic(client, admin_screens(newsroom))


def test_the_login_page_is_nashirs(client, newsroom):
    """The login says «تسجيل الدخول إلى ناشر» under nashir's mark; tabs end «- ناشر»."""
    html = read(client, "/admin/login/")
    assert "تسجيل الدخول إلى ناشر" in html and "Wagtail" not in html
    assert 'aria-label="ناشر"' in html
    client.force_login(newsroom["editor"])
    assert "<title>لوحة التحكم - ناشر</title>" in read(client, "/admin/")


def test_compare_shows_yes_no_and_dates_not_python_values(client, newsroom):
    """«خبر عاجل: لا ← نعم» and «عاجل حتى: — ← 1 ديسمبر…», never «FalseTrue» or «None2026»."""
    client.force_login(newsroom["editor"])
    article = newsroom["edited"]
    html = read(
        client,
        reverse("wagtailadmin_pages:revisions_compare", args=[article.pk, "earliest", "latest"]),
    )
    compare = html[html.index("خبر عاجل") :]
    assert '<span class="deletion">لا</span> ← <span class="addition">نعم</span>' in compare
    assert '<span class="deletion">—</span> ← <span class="addition">' in compare
    assert "False" not in compare and "None" not in compare


def test_counts_read_as_arabic(newsroom):
    """A listing's count is «عدد التعليقات: 3», not «3 التعليقات»; search results are
    «النتائج 1–4 من 4», not «1-4 من 4 None»."""
    from wagtail.admin.paginator import WagtailPaginator

    from nashir.core.templatetags.nashir_tags import admin_count_label

    comments = WagtailPaginator(Comment.objects.order_by("pk"), per_page=2)
    assert admin_count_label(comments) == "عدد التعليقات: 3"
    images = WagtailPaginator(get_image_model().objects.order_by("pk"), per_page=2)
    assert admin_count_label(images) == "عدد الصور: 1"


def test_search_results_count_has_no_none(client, newsroom):
    """Page search says how many it found without a stray «None»."""
    client.force_login(newsroom["editor"])
    html = read(client, "/admin/pages/search/?q=خبر")
    assert "النتائج 1–" in html
    assert not [text for text in readable_texts(html) if "None" in text]


def test_arabic_plurals_have_six_forms():
    """Counts read right for 0, 1, 2, 3–10, 11–99 and 100+ («صفحتان», «11 صفحة»)."""
    from django.utils.translation import ngettext, override

    with override("ar"):
        pages = [
            ngettext("1 page", "%(counter)s pages", n) % {"counter": n} for n in (1, 2, 3, 11, 100)
        ]
        minutes = [ngettext("%(num)d minute", "%(num)d minutes", n) % {"num": n} for n in (1, 2, 5)]
    assert pages == ["صفحة واحدة", "صفحتان", "3 صفحات", "11 صفحة", "100 صفحة"]
    assert minutes == ["دقيقة", "دقيقتين", "5 دقائق"]
