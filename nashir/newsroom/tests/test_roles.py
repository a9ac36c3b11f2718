from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import GroupPagePermission, Workflow

from nashir.news.models import ArticlePage
from nashir.newsroom.roles import EDITOR, WORKFLOW, WRITER

from .conftest import edit_form_data, make_user, owned_article

pytestmark = pytest.mark.django_db

COMMENTS_INSTALLED = apps.is_installed("nashir.discussion")


def can_create(client, user, section):
    url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
    return client.get(url).status_code == 200


def can_edit_own(client, user, section):
    article = owned_article(section, user, live=False)
    return client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).status_code == 200


def can_edit_others(client, user, section):
    article = owned_article(section, make_user("someone", WRITER), live=False)
    return client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).status_code == 200


def can_submit(client, user, section):
    article = owned_article(section, user, live=False)
    data = edit_form_data(article, user)
    data["action-submit"] = "1"
    client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data)
    return ArticlePage.objects.get(pk=article.pk).workflow_in_progress


def can_publish(client, user, section):
    article = owned_article(section, user, live=False)
    data = edit_form_data(article, user)
    data["action-publish"] = "1"
    client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data)
    return ArticlePage.objects.get(pk=article.pk).live


def can_unpublish(client, user, section):
    article = owned_article(section, user, live=True)
    client.post(reverse("wagtailadmin_pages:unpublish", args=[article.pk]))
    return not ArticlePage.objects.get(pk=article.pk).live


def can_moderate_comments(client, user, section):
    if not COMMENTS_INSTALLED:
        pytest.skip("nashir.discussion is not installed: there are no comments to moderate")
    queue = client.get(reverse("wagtailsnippets_discussion_comment:list"))
    return (
        queue.status_code == 200
        and user.has_perm("discussion.change_comment")
        and user.has_perm("discussion.delete_comment")
    )


# Each role × each action: True where the role may do it.
MATRIX = {
    can_create: {"writer": True, "editor": True, "admin": True},
    can_edit_own: {"writer": True, "editor": True, "admin": True},
    can_edit_others: {"writer": False, "editor": True, "admin": True},
    can_submit: {"writer": True, "editor": True, "admin": True},
    can_publish: {"writer": False, "editor": True, "admin": True},
    can_unpublish: {"writer": False, "editor": True, "admin": True},
    can_moderate_comments: {"writer": False, "editor": True, "admin": True},
}
CASES = [
    pytest.param(action, role, allowed, id=f"{role}-{action.__name__}")
    for action, roles in MATRIX.items()
    for role, allowed in roles.items()
]


@pytest.mark.parametrize(("action", "role", "allowed"), CASES)
def test_permission_matrix(client, section, staff, action, role, allowed):
    """Writers draft and submit; editors also publish, unpublish, edit anyone's and moderate."""
    user = staff[role]
    client.force_login(user)
    assert action(client, user, section) is allowed


def test_writer_cannot_publish_even_by_forging_the_publish_button(client, section, writer):
    """A writer's «نشر» request only saves a draft: nothing reaches readers."""
    article = owned_article(section, writer, live=False)
    client.force_login(writer)
    data = edit_form_data(article, writer, title="محاولة نشر مباشر")
    data["action-publish"] = "1"
    client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data)
    article.refresh_from_db()
    assert not article.live
    assert article.get_latest_revision().as_object().title == "محاولة نشر مباشر"


def test_roles_are_created_by_the_migration(home):
    """A fresh site already has «كاتب», «محرر» and «مراجعة التحرير», and not Wagtail's English ones."""
    assert set(Group.objects.values_list("name", flat=True)) == {WRITER, EDITOR}
    assert Workflow.objects.get(name=WORKFLOW).workflow_pages.get().page_id == home.pk
    writer_rights = set(
        GroupPagePermission.objects.filter(group__name=WRITER).values_list(
            "permission__codename", flat=True
        )
    )
    assert writer_rights == {"add_page"}


def test_setup_command_is_idempotent_and_repairs_a_missing_right(home):
    """Running setup_newsroom_roles again changes nothing, and restores a right removed by mistake."""
    out = StringIO()
    call_command("setup_newsroom_roles", stdout=out)
    assert "(0 changes)" in out.getvalue()

    GroupPagePermission.objects.filter(
        group__name=EDITOR, permission__codename="publish_page"
    ).delete()
    out = StringIO()
    call_command("setup_newsroom_roles", stdout=out)
    assert "محرر: publish pages" in out.getvalue()
    assert GroupPagePermission.objects.filter(
        group__name=EDITOR, permission__codename="publish_page"
    ).exists()
