from django.apps import apps
from django.core.management.base import BaseCommand

from nashir.newsroom.roles import setup_newsroom_roles


class Command(BaseCommand):
    help = "Create the groups «كاتب» and «محرر» and the workflow «مراجعة التحرير» (idempotent)."

    def handle(self, *args, **options):
        installed = {config.label for config in apps.get_app_configs()}
        added = setup_newsroom_roles(apps, installed_apps=installed)
        for line in added:
            self.stdout.write(f"added {line}")
        self.stdout.write(f"newsroom roles ready ({len(added)} changes)")
