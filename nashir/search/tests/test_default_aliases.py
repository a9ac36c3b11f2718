"""The alias groups nashir ships: each one works, and none ever overrides the editors."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from nashir.arabic import AliasIndex, analyse_name
from nashir.news.models import ArticlePage
from nashir.search import aliases
from nashir.search.default_aliases import GROUPS, install
from nashir.search.models import AliasGroup, ShippedAliasKey
from nashir.search.query import plan, ranked_ids

from . import archive

pytestmark = pytest.mark.django_db


def names(terms):
    return [t for t in terms.split("\n") if t.strip()]


def phrase(name):
    return tuple(slot[0] for slot in analyse_name(name))


def test_more_than_a_hundred_groups_each_with_names_that_differ_to_search():
    """≥100 groups, unique keys; in each, every name reads differently (or the group is useless)
    and no name belongs to two groups (they would be merged into one)."""
    assert len(GROUPS) >= 100
    assert len({key for key, _, _ in GROUPS}) == len(GROUPS)
    owner = {}
    for key, _, terms in GROUPS:
        phrases = [phrase(name) for name in names(terms)]
        assert all(phrases), key
        assert len(set(phrases)) == len(phrases), (key, phrases)
        for p in phrases:
            assert owner.setdefault(p, key) == key, (key, owner[p], p)
    assert len(AliasIndex(names(terms) for _, _, terms in GROUPS)) == len(owner)


def test_the_migration_gave_this_site_every_group():
    """A migrated database has every shipped group, marked as shipped, and remembers each key."""
    shipped = dict(AliasGroup.objects.exclude(shipped_key="").values_list("shipped_key", "terms"))
    assert shipped == {key: terms for key, _, terms in GROUPS}
    assert set(ShippedAliasKey.objects.values_list("key", flat=True)) == set(shipped)


@pytest.fixture(scope="module")
def one_story_per_name(django_db_setup, django_db_blocker):
    """For every name of every group, a story that uses that name and no other of its group."""
    with django_db_blocker.unblock(), transaction.atomic():
        stories = [
            archive.Story(
                key=f"{key}-{n}",
                section="politics",
                headline=f"تقرير خاص عن {name}",
                summary="تقرير من مراسلنا.",
                paragraphs=["نص قصير لا يذكر غير ما في العنوان."],
                age_days=n + 1,
                author="newsdesk",
            )
            for key, _, terms in GROUPS
            for n, name in enumerate(names(terms))
        ]
        yield archive.load(stories)
        transaction.set_rollback(True)


@pytest.mark.parametrize(("key", "terms"), [(key, terms) for key, _, terms in GROUPS])
def test_each_name_of_a_shipped_group_finds_the_stories_using_the_others(
    one_story_per_name, key, terms
):
    """Searching any name of a group lists the stories written with each of its other names."""
    aliases.invalidate()
    published = ArticlePage.objects.published().order_by()
    group = names(terms)
    for n, name in enumerate(group):
        found = set(ranked_ids(published, plan(name)))
        others = {one_story_per_name[f"{key}-{m}"] for m in range(len(group)) if m != n}
        assert others <= found, (name, group)


def edited_and_deleted():
    """Editors change the Syria group and delete the Trump group."""
    syria = AliasGroup.objects.get(shipped_key="country-syria")
    syria.terms += "\nالشام"
    syria.save()
    AliasGroup.objects.get(shipped_key="person-trump").delete()
    return syria


def test_installing_again_keeps_what_editors_changed_or_deleted():
    """Running the installer again (an upgrade, or the command) neither reverts nor revives."""
    syria = edited_and_deleted()
    outcome = install(AliasGroup, ShippedAliasKey)
    assert outcome == {"unchanged": len(GROUPS) - 2, "kept": 1, "deleted": 1}
    assert AliasGroup.objects.get(pk=syria.pk).terms.endswith("\nالشام")
    assert not AliasGroup.objects.filter(shipped_key="person-trump").exists()


def test_a_new_release_updates_only_untouched_groups_and_adds_new_ones():
    """Changed shipped names reach groups nobody edited; new groups are added; edits stay."""
    syria = edited_and_deleted()
    release = [
        (key, name, terms + "\nاسم جديد" if key in ("country-syria", "country-egypt") else terms)
        for key, name, terms in GROUPS
    ] + [("city-timbuktu", "تمبكتو", "تمبكتو\nتومبوكتو")]
    outcome = install(AliasGroup, ShippedAliasKey, release)
    assert outcome["updated"] == 1 and outcome["created"] == 1 and outcome["kept"] == 1
    assert AliasGroup.objects.get(shipped_key="country-egypt").terms.endswith("\nاسم جديد")
    assert AliasGroup.objects.get(pk=syria.pk).terms.endswith("\nالشام")
    assert AliasGroup.objects.get(shipped_key="city-timbuktu").name == "تمبكتو"


def test_a_site_with_its_own_group_for_the_same_names_gets_no_duplicate():
    """A site that already had «قسد» in an editors' group does not get nashir's as well."""
    AliasGroup.objects.all().delete()
    ShippedAliasKey.objects.all().delete()
    AliasGroup.objects.create(name="قسد", terms="قسد\nقوات سوريا الديمقراطية\nSDF")
    outcome = install(AliasGroup, ShippedAliasKey)
    assert outcome == {"created": len(GROUPS) - 1, "covered": 1}
    assert not AliasGroup.objects.filter(shipped_key="group-sdf").exists()
    assert AliasGroup.objects.filter(name="قسد").count() == 1


def test_the_command_reports_and_searches_use_the_result_at_once(section):
    """`install_default_aliases` brings back nothing deleted, and a search sees its groups."""
    from nashir.news.tests.factories import make_article

    edited_and_deleted()
    out = io.StringIO()
    call_command("install_default_aliases", stdout=out)
    assert "0 created" in out.getvalue() and "1 deleted" in out.getvalue()
    erbil = make_article(section, "زيارة إلى هولير", hours_ago=1)
    trump = make_article(section, "تصريحات جديدة لترامب", hours_ago=1)
    published = ArticlePage.objects.published().order_by()
    assert erbil.pk in ranked_ids(published, plan("أربيل"))
    assert trump.pk not in ranked_ids(published, plan("ترمب"))  # that group stays deleted


def test_shipped_groups_are_listed_as_such_in_the_admin(client):
    """Editors see which groups came with nashir, and can edit them like their own."""
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")
    client.force_login(admin)
    group = AliasGroup.objects.get(shipped_key="org-unicef")
    listing = client.get("/admin/snippets/search/aliasgroup/?q=يونيسف")
    assert "يونيسف" in listing.content.decode()
    edit = f"/admin/snippets/search/aliasgroup/edit/{group.pk}/"
    response = client.post(edit, {"name": group.name, "terms": group.terms + "\nيونيسيف"})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.terms.endswith("يونيسيف") and group.is_shipped
