from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

from nashir.ops import upkeep


class Command(BaseCommand):
    help = (
        "Refresh the query planner's statistics (ANALYZE) and, on SQLite, merge the search index."
        " Publishing does this by itself as the archive grows, and imports after loading; run it"
        " after changing many rows by hand."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--if-due", action="store_true", help="only when the archive changed size by a quarter"
        )

    def handle(self, database, if_due=False, **options):
        ran = upkeep.run(force=not if_due, using=database)
        vendor = connections[database].vendor
        if options["verbosity"]:
            self.stdout.write(f"Database optimized ({vendor})." if ran else "Nothing due.")
