"""Writing in the admin: autosave creates nothing for a bare headline, empty rows are dropped,
the messages say what happened, the «اقرأ أيضاً» chooser lists the newest articles."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from nashir.news.models import ArticleCorrection, ArticlePage
from nashir.news.tests.factories import make_article
from nashir.people.tests.factories import AuthorFactory

from .conftest import add_formset_rows, edit_form_data, owned_article
from .test_workflow import submit

pytestmark = pytest.mark.django_db


def new_article_form(title, summary="", body=(), author=None, corrections=(), slug="new"):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": summary,
            "bylines": inline_formset([{"author": author.pk if author else ""}]),
            "corrections": inline_formset(list(corrections)),
            "pinned_related": inline_formset([]),
            "body": streamfield(list(body)),
            "tags": "",
        }
    )


def autosave(client, url, data):
    """What Wagtail 8's autosave sends: the whole form, asking for JSON."""
    return client.post(url, data, HTTP_ACCEPT="application/json")


def test_typing_a_headline_creates_no_draft(client, section, editor):
    """Opening «إضافة صفحة فرعية» and typing a headline leaves nothing in the section."""
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
    response = autosave(client, url, new_article_form("عنوان بلا نص بعد"))
    assert response.status_code == 400
    assert "يبدأ الحفظ التلقائي بعد كتابة الملخص أو أول فقرة" in response.json()["error_message"]
    assert not ArticlePage.objects.exists()


def test_autosave_creates_the_draft_once_there_is_text(client, section, editor):
    """With a summary (or a paragraph) the background save creates the draft, as Wagtail does."""
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
    response = autosave(client, url, new_article_form("عنوان وملخص", summary="ملخص أول."))
    assert response.status_code == 200, response.json()
    article = ArticlePage.objects.get()
    assert article.title == "عنوان وملخص" and not article.live

    paragraph = autosave(
        client,
        url,
        new_article_form(
            "عنوان وفقرة", body=[("paragraph", rich_text("<p>فقرة أولى.</p>"))], slug="second"
        ),
    )
    assert paragraph.status_code == 200, paragraph.json()
    assert ArticlePage.objects.count() == 2


def test_the_writers_own_save_creates_a_draft_at_once(client, section, writer):
    """«حفظ المسودة» is the writer's decision: it saves a bare headline too."""
    client.force_login(writer)
    url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
    response = client.post(url, new_article_form("مسودة بعنوان فقط"))
    assert response.status_code == 302
    assert ArticlePage.objects.get().title == "مسودة بعنوان فقط"


def test_an_empty_correction_row_is_dropped_and_never_blocks_publishing(client, section, editor):
    """A «تصحيح» added and left empty is not saved with the draft and does not stop «نشر»."""
    article = make_article(section, "خبر بتصحيح فارغ")
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    data = add_formset_rows(
        edit_form_data(article, editor), "corrections", [{"date": timezone.now(), "note": ""}]
    )
    assert client.post(url, data).status_code == 302  # «حفظ المسودة»
    assert not ArticleCorrection.objects.exists()
    assert ArticlePage.objects.get(pk=article.pk).latest_revision.content["corrections"] == []

    data = add_formset_rows(
        edit_form_data(article, editor, title="خبر نُشر رغم الصف الفارغ"),
        "corrections",
        [{"date": timezone.now(), "note": "   "}],
    )
    data["action-publish"] = "1"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    article.refresh_from_db()
    assert article.live and article.title == "خبر نُشر رغم الصف الفارغ"
    assert not article.corrections.exists()


def test_a_correction_with_text_is_kept(client, section, editor):
    """Only empty rows go: a real correction is saved and published."""
    article = make_article(section)
    client.force_login(editor)
    data = add_formset_rows(
        edit_form_data(article, editor),
        "corrections",
        [{"date": timezone.now(), "note": "الرقم الصحيح 40 لا 14."}],
    )
    data["action-publish"] = "1"
    client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data)
    assert list(article.corrections.values_list("note", flat=True)) == ["الرقم الصحيح 40 لا 14."]


def messages_after(response):
    return [str(m.message) for m in get_messages(response.wsgi_request)]


def test_publishing_says_it_was_published(client, section, editor):
    """«نُشر المقال «…» على الموقع.», not Wagtail's «تم تحديث الصفحة»."""
    article = make_article(section, "خبر للنشر", live=False)
    client.force_login(editor)
    data = edit_form_data(article, editor)
    data["action-publish"] = "1"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data)
    assert messages_after(response)[-1].startswith("نُشر المقال «خبر للنشر» على الموقع.")


def test_scheduling_says_when(client, section, editor):
    """A scheduled publish names the date and time it will go live."""
    article = make_article(section, "خبر للغد", live=False)
    client.force_login(editor)
    go_live = timezone.localtime() + timedelta(days=1)
    data = edit_form_data(article, editor, go_live_at=go_live)
    data["action-publish"] = "1"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data)
    message = messages_after(response)[-1]
    assert message.startswith("جُدول المقال «خبر للغد» للنشر في ")
    assert f"{go_live:%H:%M}" in message
    assert Page.objects.get(pk=article.pk).specific.scheduled_revision is not None


def workflow_action(client, user, article, action):
    """«موافقة ونشر» or «طلب تغييرات» from the editor's action menu, as the browser posts it."""
    client.force_login(user)
    data = edit_form_data(article, user)
    data.update({"action-workflow-action": "1", "workflow-action-name": action})
    return client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data)


def test_approving_says_approved_and_published(client, section, writer, editor):
    """After «موافقة ونشر»: «تمت الموافقة على المقال «…» ونشره.»"""
    article = owned_article(section, writer, live=False)
    article = submit(client, writer, article, "خبر الكاتب")
    response = workflow_action(client, editor, article, "approve")
    assert ArticlePage.objects.get(pk=article.pk).live
    assert messages_after(response)[-1].startswith("تمت الموافقة على المقال «خبر الكاتب» ونشره.")


def test_requesting_changes_says_it_went_back(client, section, writer, editor):
    """After «طلب تغييرات»: «أُعيد المقال «…» إلى كاتبه مع طلب تغييرات.»"""
    article = owned_article(section, writer, live=False)
    article = submit(client, writer, article, "خبر يحتاج عملاً")
    response = workflow_action(client, editor, article, "reject")
    assert messages_after(response)[-1].startswith(
        "أُعيد المقال «خبر يحتاج عملاً» إلى كاتبه مع طلب تغييرات."
    )


def test_a_headline_is_one_line(client, section, editor):
    """The headline field grows over several lines; line breaks typed into it become spaces."""
    article = make_article(section)
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    html = client.get(url).content.decode()
    assert '<textarea name="title"' in html and "w-autosize" in html
    data = edit_form_data(article, editor, title="سطر أول\r\nوسطر ثانٍ  للعنوان")
    client.post(url, data)
    assert ArticlePage.objects.get(pk=article.pk).latest_revision.as_object().title == (
        "سطر أول وسطر ثانٍ للعنوان"
    )


def test_read_also_chooser_lists_the_newest_articles_with_search_focused(client, section, editor):
    """The «اقرأ أيضاً» chooser opens on live articles, newest first, search box focused;
    searching a word of a headline narrows the list."""
    old = make_article(section, "خبر قديم عن المطر", hours_ago=72)
    new = make_article(section, "خبر جديد عن الكهرباء", hours_ago=1)
    make_article(section, "مسودة لا تُختار", live=False)
    client.force_login(editor)
    html = client.get(reverse("article_chooser:choose")).json()["html"]
    assert html.index(new.title) < html.index(old.title)
    assert "مسودة لا تُختار" not in html
    assert "data-nashir-autofocus" in html
    found = client.get(reverse("article_chooser:choose_results"), {"q": "المطر"}).content.decode()
    assert old.title in found and new.title not in found


def test_read_also_blocks_use_the_article_chooser(section):
    """The body's «اقرأ أيضاً» block keeps the chosen article (its id) and renders its link."""
    target = make_article(section, "الخبر المشار إليه")
    article = make_article(section, body=[("read_also", target)])
    article = ArticlePage.objects.get(pk=article.pk)
    block = article.body[0]
    assert block.block_type == "read_also" and block.value.pk == target.pk
    assert article.read_also_ids() == [target.pk]
    assert "الخبر المشار إليه" in str(block)


def test_new_authors_are_offered_in_the_editor(client, section, editor):
    """Smoke test of the whole editor with the new panels: it opens and saves."""
    AuthorFactory(name="سمر خليل")
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
    assert client.get(url).status_code == 200
