import re

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from nashir.news.models import ArticlePage

from .conftest import edit_form_data, owned_article

pytestmark = pytest.mark.django_db

RTL = '<html lang="ar" dir="rtl"'


def publish_as(article, user, **changes):
    for name, value in changes.items():
        setattr(article, name, value)
    revision = article.save_revision(user=user)
    revision.publish(user=user)
    return revision


def draft_title(article):
    return ArticlePage.objects.get(pk=article.pk).get_latest_revision().as_object().title


def test_history_compare_and_revert_work_in_arabic(client, section, editor):
    """An editor sees the history, compares two versions and brings an old headline back."""
    article = owned_article(section, editor, title="العنوان الأول")
    first = article.get_latest_revision()
    publish_as(article, editor, title="العنوان الثاني")
    second = article.get_latest_revision()
    client.force_login(editor)

    history = client.get(reverse("wagtailadmin_pages:history", args=[article.pk]))
    assert history.status_code == 200
    html = history.content.decode()
    assert RTL in html
    assert "السجل" in html and "نشر" in html

    compare = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[article.pk, first.pk, second.pk])
    )
    html = compare.content.decode()
    assert compare.status_code == 200 and RTL in html
    # The title differs in one word: shown as a deletion and an addition.
    assert re.search(r'class="deletion">\s*الأول', html)
    assert re.search(r'class="addition">\s*الثاني', html)

    revert_url = reverse("wagtailadmin_pages:revisions_revert", args=[article.pk, first.pk])
    form = client.get(revert_url)
    assert form.status_code == 200 and RTL in form.content.decode()
    # The headline is a growing text area (nashir.core.panels): its text is its content.
    assert re.search(r'name="title"[^>]*>\s*العنوان الأول\s*</textarea>', form.content.decode())

    data = edit_form_data(first.as_object(), editor)
    data["action-publish"] = "1"
    assert client.post(revert_url, data).status_code == 302
    assert ArticlePage.objects.get(pk=article.pk).title == "العنوان الأول"
    assert PageLogEntry.objects.filter(page=article, action="wagtail.revert").exists()


def test_editor_locks_a_draft_and_the_writer_cannot_change_it_until_unlocked(
    client, section, writer, editor
):
    """«قفل» stops everyone else saving; «فتح» lets the writer work again."""
    article = owned_article(section, writer, live=False, title="مسودة الكاتب")
    client.force_login(editor)
    client.post(reverse("wagtailadmin_pages:lock", args=[article.pk]))
    article.refresh_from_db()
    assert article.locked and article.locked_by == editor

    client.force_login(writer)
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert "مقفلة" in client.get(edit_url).content.decode()
    client.post(edit_url, edit_form_data(article, writer, title="تعديل على مسودة مقفلة"))
    assert draft_title(article) == "مسودة الكاتب"

    client.force_login(editor)
    client.post(reverse("wagtailadmin_pages:unlock", args=[article.pk]))
    client.force_login(writer)
    client.post(edit_url, edit_form_data(article, writer, title="تعديل بعد الفتح"))
    assert draft_title(article) == "تعديل بعد الفتح"


def test_audit_log_records_who_published_locked_and_unpublished(
    client, section, editor, admin_user
):
    """The site history names the editor and each action, in Arabic."""
    article = owned_article(section, editor, title="خبر للسجل")
    publish_as(article, editor, title="خبر للسجل بعد التعديل")
    client.force_login(editor)
    client.post(reverse("wagtailadmin_pages:lock", args=[article.pk]))
    client.post(reverse("wagtailadmin_pages:unlock", args=[article.pk]))
    client.post(reverse("wagtailadmin_pages:unpublish", args=[article.pk]))

    actions = list(
        PageLogEntry.objects.filter(page=article, user=editor).values_list("action", flat=True)
    )
    for action in ("wagtail.publish", "wagtail.lock", "wagtail.unlock", "wagtail.unpublish"):
        assert action in actions

    client.force_login(admin_user)
    report = client.get(reverse("wagtailadmin_reports:site_history"))
    html = report.content.decode()
    assert report.status_code == 200 and RTL in html
    assert "خبر للسجل بعد التعديل" in html and "editor" in html
    for label in ("نشر", "قفل", "فتح"):
        assert label in html
