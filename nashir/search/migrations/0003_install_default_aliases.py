"""Give the site the alias groups nashir ships (nashir/search/default_aliases.py).

Safe on a site that has its own groups: a shipped group whose names an editors' group already
has is not added, and nothing editors made is changed. A later release that ships more groups
(or changes some) adds a migration calling install() again; `manage.py install_default_aliases`
does the same by hand.
"""

from django.db import migrations


def install(apps, schema_editor):
    from nashir.search.default_aliases import install

    install(apps.get_model("search", "AliasGroup"), apps.get_model("search", "ShippedAliasKey"))


class Migration(migrations.Migration):
    dependencies = [("search", "0002_shipped_alias_groups")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
