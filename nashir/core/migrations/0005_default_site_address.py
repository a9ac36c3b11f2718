"""The default Site answers at NASHIR_BASE_URL (pages are kept only at a Site's own address).

Only Wagtail's placeholder «localhost:80» is changed; a Site an operator set stays.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations


def align(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    address = urlsplit(getattr(settings, "NASHIR_BASE_URL", ""))
    if not address.hostname:
        return
    port = address.port or (443 if address.scheme == "https" else 80)
    Site.objects.filter(is_default_site=True, hostname="localhost", port=80).update(
        hostname=address.hostname, port=port
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_cache_moved_to_pagecache"),
        ("wagtailcore", "0001_initial"),
        ("news", "0003_create_homepage"),
    ]

    operations = [migrations.RunPython(align, migrations.RunPython.noop)]
