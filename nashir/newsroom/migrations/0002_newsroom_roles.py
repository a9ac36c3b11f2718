"""The groups «كاتب» and «محرر» and the workflow «مراجعة التحرير» (see nashir/newsroom/roles.py)."""

from django.apps import apps as global_apps
from django.db import migrations

from nashir.newsroom.roles import setup_newsroom_roles


def create_roles(apps, schema_editor):
    installed = {config.label for config in global_apps.get_app_configs()}
    setup_newsroom_roles(apps, installed_apps=installed)


def remove_roles(apps, schema_editor):
    from nashir.newsroom.roles import EDITOR, REVIEW_TASK, WORKFLOW, WRITER

    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=REVIEW_TASK).delete()
    apps.get_model("auth", "Group").objects.filter(name__in=[WRITER, EDITOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_read_counts"),
        ("news", "0003_create_homepage"),
        ("people", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
