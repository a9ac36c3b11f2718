"""Editors manage «المرادفات» in the admin; searches use them at once."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from nashir.news.models import ArticlePage
from nashir.news.tests.factories import make_article
from nashir.search.models import AliasGroup
from nashir.search.query import plan, ranked_ids

pytestmark = pytest.mark.django_db


def found(query):
    return ranked_ids(ArticlePage.objects.published().order_by(), plan(query))


def test_alias_applies_both_ways_and_follows_edits(section):
    """Adding a group makes either name find both; editing or deleting it takes effect at once."""
    AliasGroup.objects.filter(shipped_key="group-sdf").delete()  # nashir's own, as editors may
    short = make_article(section, "اشتباكات مع قسد")
    long = make_article(section, "قوات سوريا الديمقراطية تنسحب")
    assert found("قسد") == [short.pk]
    group = AliasGroup.objects.create(name="قسد", terms="قسد، قوات سوريا الديمقراطية")
    assert set(found("قسد")) == {short.pk, long.pk}
    assert set(found("قوات سوريا الديمقراطية")) == {short.pk, long.pk}
    group.terms = "قسد\nقوات سورية"
    group.save()
    assert set(found("قسد")) == {short.pk, long.pk}
    group.delete()
    assert found("قسد") == [short.pk]


def test_term_list_accepts_lines_and_commas():
    """Editors may put one name per line or separate them with Arabic or Latin commas."""
    group = AliasGroup(name="x", terms="داعش، تنظيم الدولة\n الدولة الإسلامية ,ISIS\n\n")
    assert group.term_list == ["داعش", "تنظيم الدولة", "الدولة الإسلامية", "ISIS"]


def test_a_group_needs_two_searchable_names():
    """A group of one name, or of stopwords, is refused with an Arabic message."""
    with pytest.raises(ValidationError) as error:
        AliasGroup(name="x", terms="قسد\nفي").full_clean()
    assert "اسمين على الأقل" in str(error.value)


def test_editors_manage_aliases_in_the_admin(client):
    """«المرادفات» is in the admin menu and a group can be added there."""
    admin = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")
    client.force_login(admin)
    menu = client.get("/admin/").content.decode()  # the sidebar is JSON for its script
    assert "/admin/snippets/search/aliasgroup/" in menu
    assert "\\u0627\\u0644\\u0645\\u0631\\u0627\\u062f\\u0641\\u0627\\u062a" in menu  # المرادفات
    response = client.post(
        "/admin/snippets/search/aliasgroup/add/",
        {"name": "أوبك", "terms": "أوبك\nمنظمة الدول المصدرة للنفط"},
    )
    assert response.status_code == 302
    assert AliasGroup.objects.get(shipped_key="").term_list[0] == "أوبك"
    listing = client.get("/admin/snippets/search/aliasgroup/?q=أوبك")
    assert listing.status_code == 200
    assert "أوبك" in listing.content.decode()
