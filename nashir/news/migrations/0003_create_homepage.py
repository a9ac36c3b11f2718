"""Replace Wagtail's welcome page with nashir's home page, so a fresh site has a front page."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("news.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()
    if HomePage.objects.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="news")
    locale = Locale.objects.first()
    # The root has no other children after the welcome page is gone, so path 00010001 is free;
    # keep the root's numchild right for treebeard.
    root = Page.objects.get(depth=1)
    home = HomePage.objects.create(
        title="الرئيسية",
        draft_title="الرئيسية",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="ناشر")


def remove_homepage(apps, schema_editor):
    apps.get_model("news.HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
