from django.core.management.base import BaseCommand

from nashir.search import aliases
from nashir.search.default_aliases import install
from nashir.search.models import AliasGroup, ShippedAliasKey


class Command(BaseCommand):
    help = (
        "Add the alias groups nashir ships that this site has never had, and update those "
        "nobody has changed. Groups editors changed or deleted are left as they are."
    )

    def handle(self, *args, **options):
        outcome = install(AliasGroup, ShippedAliasKey)
        aliases.invalidate()
        self.stdout.write(
            ", ".join(
                f"{outcome[k]} {k}"
                for k in ("created", "updated", "unchanged", "kept", "deleted", "covered")
            )
            + " (kept: changed by editors; deleted: removed by editors; covered: an editors' "
            "group already has these names)"
        )
