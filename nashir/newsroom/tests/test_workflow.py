import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState

from nashir.news.models import ArticlePage
from nashir.newsroom.roles import EDITOR, WORKFLOW

from .conftest import edit_form_data, owned_article

pytestmark = pytest.mark.django_db


def submit(client, writer, article, title):
    client.force_login(writer)
    data = edit_form_data(article, writer, title=title)
    data["action-submit"] = "1"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    return ArticlePage.objects.get(pk=article.pk)


def task_action(client, user, article, action, comment=""):
    client.force_login(user)
    task_state = article.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[article.pk, action, task_state.pk])
    response = client.post(url, {"comment": comment} if comment else {})
    assert response.status_code in (200, 302)
    return ArticlePage.objects.get(pk=article.pk)


def test_every_article_goes_through_the_review_workflow(home, section):
    """An article anywhere under the home page is reviewed in «مراجعة التحرير»."""
    article = owned_article(section, None, live=False)
    assert article.get_workflow().name == WORKFLOW
    task = article.get_workflow().tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [EDITOR]


def test_writer_submits_and_editor_approves_and_the_article_goes_live(
    client, section, writer, editor
):
    """Writer submits → editor gets mail → editor approves → article is live → writer gets mail."""
    article = owned_article(section, writer, live=False)

    article = submit(client, writer, article, "عنوان بعد التدقيق")
    assert article.workflow_in_progress and not article.live
    to_editor = [m for m in mail.outbox if editor.email in m.to]
    assert len(to_editor) == 1
    assert "عنوان بعد التدقيق" in to_editor[0].subject + to_editor[0].body
    assert to_editor[0].alternatives  # an HTML part for mail clients that show it

    mail.outbox.clear()
    article = task_action(client, editor, article, "approve")
    assert article.live and article.title == "عنوان بعد التدقيق"
    assert not article.workflow_in_progress
    to_writer = [m for m in mail.outbox if writer.email in m.to]
    assert len(to_writer) == 1
    state = WorkflowState.objects.get(object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_APPROVED and state.requested_by == writer


def test_editor_sends_an_article_back_with_a_comment_the_writer_reads(
    client, section, writer, editor
):
    """A rejection keeps the article off the site and mails the writer the editor's comment."""
    article = owned_article(section, writer, live=False)
    article = submit(client, writer, article, "مسودة تحتاج عملاً")
    mail.outbox.clear()

    article = task_action(client, editor, article, "reject", comment="المصدر الثاني غير مؤكد.")
    assert not article.live
    state = WorkflowState.objects.get(object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    to_writer = [m for m in mail.outbox if writer.email in m.to]
    assert len(to_writer) == 1
    assert "المصدر الثاني غير مؤكد." in to_writer[0].body

    # The writer can edit the draft again and resubmit it.
    client.force_login(writer)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).status_code == 200
    article = submit(client, writer, article, "مسودة بعد التصحيح")
    assert article.workflow_in_progress


def test_workflow_mail_is_in_arabic(client, section, writer, editor):
    """Editors read the submission notice in Arabic, like the rest of the admin."""
    article = owned_article(section, writer, live=False)
    submit(client, writer, article, "خبر للمراجعة")
    message = next(m for m in mail.outbox if editor.email in m.to)
    assert any("\u0600" <= ch <= "\u06ff" for ch in message.subject.replace("خبر للمراجعة", ""))


def test_review_mails_greet_in_arabic_and_link_the_public_address(
    client, section, writer, editor, settings
):
    """«مرحبًا خالد،» with an Arabic comma; every link goes to NASHIR_BASE_URL (the address
    `make run` or the operator set), the published article's too — not to 127.0.0.1:8000 or
    the Site record's localhost."""
    settings.NASHIR_BASE_URL = settings.WAGTAILADMIN_BASE_URL = "https://news.example.org"
    editor.first_name = "خالد"
    editor.save()
    article = owned_article(section, writer, live=False)
    article = submit(client, writer, article, "خبر للمراجعة")
    to_editor = next(m for m in mail.outbox if editor.email in m.to)
    assert to_editor.body.lstrip().startswith("مرحبًا خالد،")
    assert "مرحبًا خالد," not in to_editor.body
    assert f"https://news.example.org/admin/pages/{article.pk}/edit/" in to_editor.body
    assert "بانتظار موافقتك: «خبر للمراجعة»" in to_editor.subject
    html = to_editor.alternatives[0][0]
    assert "مرحبًا خالد،" in html and "email-header.jpg" not in html
    links = [line for line in to_editor.body.split() if line.startswith("http")]
    assert links and all(link.startswith("https://news.example.org/") for link in links)

    mail.outbox.clear()
    article = task_action(client, editor, article, "approve")
    to_writer = next(m for m in mail.outbox if writer.email in m.to)
    assert f"على الموقع: https://news.example.org{article.url}" in to_writer.body
    assert "localhost" not in to_writer.body
