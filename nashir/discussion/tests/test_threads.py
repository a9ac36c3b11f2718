import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nashir.discussion.models import Comment
from nashir.discussion.threads import build_threads

pytestmark = pytest.mark.django_db

T0 = timezone.now() - timedelta(days=1)


def add(article, body, parent=None, minutes=0, status=Comment.Status.APPROVED):
    return Comment.objects.create(
        article=article,
        parent=parent,
        name=f"قارئ {body}",
        email=f"{len(body)}@example.org",
        body=body,
        status=status,
        created_at=T0 + timedelta(minutes=minutes),
    )


def shape(nodes):
    return [(n.comment.body, n.depth, n.reply_to, shape(n.replies)) for n in nodes]


def test_threads_nest_oldest_first_and_stop_at_three_levels(article):
    """Replies nest three deep, oldest first; deeper replies continue at level 3 after their parent."""
    a = add(article, "أ", minutes=1)
    b = add(article, "ب", minutes=2)
    a1 = add(article, "أ1", a, minutes=3)
    a2 = add(article, "أ2", a, minutes=9)
    a1x = add(article, "أ1س", a1, minutes=4)
    deep = add(article, "عميق", a1x, minutes=5)
    add(article, "أعمق", deep, minutes=6)
    add(article, "أ1ص", a1, minutes=7)
    add(article, "ب1", b, minutes=8)
    del a2
    threads = build_threads(Comment.objects.filter(article=article).order_by("-pk"))
    assert shape(threads) == [
        (
            "أ",
            1,
            "",
            [
                (
                    "أ1",
                    2,
                    "",
                    [
                        ("أ1س", 3, "", []),
                        ("عميق", 3, "قارئ أ1س", []),
                        ("أعمق", 3, "قارئ عميق", []),
                        ("أ1ص", 3, "", []),
                    ],
                ),
                ("أ2", 2, "", []),
            ],
        ),
        ("ب", 1, "", [("ب1", 2, "", [])]),
    ]


def test_reply_to_a_hidden_comment_starts_its_own_thread(article):
    """If a parent is later trashed, its published replies stay visible at the top level."""
    parent = add(article, "محذوف", minutes=1, status=Comment.Status.TRASH)
    add(article, "ردّ باقٍ", parent, minutes=2)
    threads = build_threads(Comment.objects.filter(article=article).approved())
    assert shape(threads) == [("ردّ باقٍ", 1, "", [])]


def test_article_page_renders_threads_in_order_and_depth(client, article):
    """On the page: nested lists three deep, in reading order, with the count near the headline."""
    a = add(article, "الأول", minutes=1)
    r1 = add(article, "ردّ أول", a, minutes=2)
    r2 = add(article, "ردّ على الرد", r1, minutes=3)
    add(article, "أعمق ردّ", r2, minutes=4)
    add(article, "الثاني", minutes=5)
    add(article, "معلّق", minutes=6, status=Comment.Status.PENDING)
    add(article, "مزعج", minutes=7, status=Comment.Status.SPAM)
    html = client.get(article.url).content.decode()
    bodies = re.findall(r'<div class="comment__body" dir="auto"><p>(.*?)</p></div>', html)
    assert bodies == ["الأول", "ردّ أول", "ردّ على الرد", "أعمق ردّ", "الثاني"]
    depths = re.findall(r'class="comment comment--depth-(\d)', html)
    assert depths == ["1", "2", "3", "3", "1"]
    assert html.count('<ol class="comment-list comment-list--replies">') == 2
    assert 'href="#comments">5 تعليقات</a>' in html
    assert "5 تعليقات</h2>" in html
    assert "معلّق" not in html and "مزعج" not in html


def test_comment_shows_name_date_initials_and_no_third_party_avatar(client, article):
    """Name (linked to their site), an Arabic date, initials, and no Gravatar."""
    Comment.objects.create(
        article=article,
        name="ليلى حداد",
        email="layla@example.org",
        url="https://layla.example",
        body="مرحباً",
        status=Comment.Status.APPROVED,
        created_at=timezone.make_aware(timezone.datetime(2026, 3, 5, 14, 30)),
    )
    html = client.get(article.url).content.decode()
    assert (
        '<a href="https://layla.example" rel="nofollow ugc noopener"><bdi>ليلى حداد</bdi></a>'
        in html
    )
    assert "5 مارس 2026" in html or "5 آذار 2026" in html
    assert ">ل\u200cح</span>" in html
    assert "gravatar" not in html.lower()


def test_comments_cost_one_query_however_many_there_are(client, article, settings):
    """The thread is one query: ten more comments add no queries to the article page."""
    settings.NASHIR_PAGE_CACHE = False  # measure rendering, not filling the page cache
    settings.NASHIR_FRAGMENT_CACHE = False  # nor reusing the rendered thread
    add(article, "واحد")
    client.get(article.url)  # warm the site and settings caches
    with CaptureQueriesContext(connection) as few:
        client.get(article.url)
    parent = None
    for i in range(10):
        parent = add(article, f"تعليق {i}", parent if i % 3 else None, minutes=i + 1)
    with CaptureQueriesContext(connection) as many:
        client.get(article.url)
    comment_queries = [q for q in many.captured_queries if 'FROM "discussion_comment"' in q["sql"]]
    assert len(comment_queries) == 1
    assert "email" not in comment_queries[0]["sql"].split("FROM")[0]
    assert len(many) == len(few)
