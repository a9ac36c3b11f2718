"""Writers and editors post and correct live entries; editors also delete them."""

from django.apps import apps as global_apps
from django.db import migrations

from nashir.newsroom.roles import setup_newsroom_roles


def grant(apps, schema_editor):
    installed = {config.label for config in global_apps.get_app_configs()}
    setup_newsroom_roles(apps, installed_apps=installed)


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0001_initial"),
        ("newsroom", "0005_read_count_counted"),
        ("discussion", "0001_comments"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
