"""The tree's root page and the root collection get Arabic names (Wagtail creates them as "Root").

Editors meet both: «استكشاف: كل المواقع» at the top of the page tree, and the collection every
image and document starts in. Only the untouched English names are changed.
"""

from django.db import migrations

ROOT_PAGE = "كل المواقع"
ROOT_COLLECTION = "المكتبة"


def arabic_names(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title="Root").update(title=ROOT_PAGE, draft_title=ROOT_PAGE)
    Collection.objects.filter(depth=1, name="Root").update(name=ROOT_COLLECTION)


def english_names(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title=ROOT_PAGE).update(title="Root", draft_title="Root")
    Collection.objects.filter(depth=1, name=ROOT_COLLECTION).update(name="Root")


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0003_comment_moderation_rights"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(arabic_names, english_names)]
