"""A small newsroom staff and a way to post the real admin edit form, as a browser would."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.auth.models import User as UserModel
from django.utils import timezone
from wagtail.test.utils.form_data import rich_text

from nashir.news.models import ArticlePage
from nashir.news.tests.factories import make_article
from nashir.newsroom.roles import EDITOR, WRITER


def make_user(username, group=None, superuser=False):
    user = UserModel.objects.create_user(
        username, f"{username}@newsroom.example", "x", is_superuser=superuser, is_staff=superuser
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def writer(db):
    return make_user("writer", WRITER)


@pytest.fixture
def other_writer(db):
    return make_user("other_writer", WRITER)


@pytest.fixture
def editor(db):
    return make_user("editor", EDITOR)


@pytest.fixture
def admin_user(db):
    return make_user("boss", superuser=True)


@pytest.fixture
def staff(writer, editor, admin_user):
    return {"writer": writer, "editor": editor, "admin": admin_user}


def owned_article(section, owner, **kwargs):
    """An article as if ``owner`` had written it."""
    article = make_article(section, **kwargs)
    ArticlePage.objects.filter(pk=article.pk).update(owner=owner)
    article.refresh_from_db()
    return article


def _post_value(value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)  # the form shows and reads local time
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return "" if value is None else str(value)


def _form_fields(form, prefix=""):
    data = {}
    for name, field in form.fields.items():
        key = f"{prefix}{name}"
        value = form[name].value()
        if hasattr(field.widget, "block_def"):
            continue  # StreamFields are given explicitly
        if field.__class__.__name__ == "BooleanField":
            if value:
                data[key] = "on"
            continue
        data[key] = _post_value(value)
    return data


def edit_form_data(page, user, body=None, **changes):
    """POST data for the page's edit view: what the form shows now, with ``changes`` applied."""
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(instance=page, for_user=user, parent_page=page.get_parent())
    data = _form_fields(form)
    for name, formset in form.formsets.items():
        data[f"{name}-TOTAL_FORMS"] = str(len(formset.forms))
        data[f"{name}-INITIAL_FORMS"] = str(formset.initial_form_count())
        data[f"{name}-MIN_NUM_FORMS"] = "0"
        data[f"{name}-MAX_NUM_FORMS"] = "1000"
        for i, child in enumerate(formset.forms):
            data.update(_form_fields(child, prefix=f"{name}-{i}-"))
            data.pop(f"{name}-{i}-DELETE", None)
    paragraphs = body or [
        block.value.source for block in page.body if block.block_type == "paragraph"
    ]
    data["body-count"] = str(len(paragraphs))
    for i, html in enumerate(paragraphs):
        data.update(
            {
                f"body-{i}-type": "paragraph",
                f"body-{i}-value": rich_text(html),
                f"body-{i}-deleted": "",
                f"body-{i}-order": str(i),
            }
        )
    for name, value in changes.items():
        data[name] = _post_value(value)
    return data


def add_formset_rows(data, name, rows):
    """Append new inline rows (e.g. a correction) to edit-form data."""
    start = int(data[f"{name}-TOTAL_FORMS"])
    for i, row in enumerate(rows, start):
        for field, value in row.items():
            data[f"{name}-{i}-{field}"] = _post_value(value)
        data[f"{name}-{i}-ORDER"] = str(i + 1)
    data[f"{name}-TOTAL_FORMS"] = str(start + len(rows))
    return data
