from django.core.management.base import BaseCommand

from nashir.newsroom.readcounts import flush_read_counts


class Command(BaseCommand):
    help = "Write the reads counted in the cache into the database (run every few minutes)."

    def handle(self, *args, **options):
        written = flush_read_counts()
        self.stdout.write(f"{written} reads written")
