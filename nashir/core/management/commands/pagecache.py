from django.conf import settings
from django.core.management.base import BaseCommand

from nashir.core import pagecache
from nashir.core.models import CachedPage


class Command(BaseCommand):
    help = (
        "The full-page cache: 'stats' counts cached pages and kept article parts, 'expire' removes "
        "pages older than NASHIR_PAGE_CACHE_TTL and parts a week old (run it on a timer when "
        "nginx serves the cache), 'clear' removes all."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["stats", "expire", "clear"])

    def handle(self, *args, action, **options):
        if action == "expire":
            removed = pagecache.expire(settings.NASHIR_PAGE_CACHE_TTL)
            self.stdout.write(f"Expired {removed} cached pages.")
        elif action == "clear":
            removed = pagecache.purge_all()
            self.stdout.write(f"Removed {removed} cached pages.")
        else:
            parts = CachedPage.objects.filter(path__startswith=pagecache.FRAGMENT_PREFIX).count()
            pages = CachedPage.objects.count() - parts
            self.stdout.write(
                f"{pages} cached pages in {pagecache.cache_root()}; "
                f"{parts} kept article parts in the database"
            )
