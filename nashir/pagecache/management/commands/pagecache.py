from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from nashir.pagecache import files, purge, purge_all
from nashir.pagecache.kept import MAX_AGE
from nashir.pagecache.keys import Key
from nashir.pagecache.models import CachedPage, KeptPart


class Command(BaseCommand):
    help = (
        "The page cache. 'stats': what is kept on this machine's disk and in the database; "
        "'expire': remove pages older than NASHIR_PAGE_CACHE_TTL and kept parts a week old "
        "(run it every minute when nginx serves the files); 'clear': remove everything; "
        "'purge KEY…': purge by dependency key (site, home, feeds, page:12, section:3 …)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["stats", "expire", "clear", "purge"])
        parser.add_argument("keys", nargs="*", help="for 'purge': dependency keys")

    def handle(self, *args, action, keys, **options):
        if action == "expire":
            ttl = settings.NASHIR_PAGE_CACHE_TTL
            removed = files.expire(ttl)
            now = timezone.now()
            CachedPage.objects.filter(stored_at__lt=now - timedelta(seconds=ttl)).delete()
            KeptPart.objects.filter(stored_at__lt=now - timedelta(seconds=MAX_AGE)).delete()
            self.stdout.write(f"Expired {removed} cached pages.")
        elif action == "clear":
            removed = purge_all()
            self.stdout.write(f"Removed {removed} cached pages.")
        elif action == "purge":
            try:
                parsed = [Key(k) for k in keys]
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            if not parsed:
                raise CommandError("name at least one key, e.g. 'pagecache purge site'")
            self.stdout.write(f"Purged {purge(*parsed)} cached pages and parts.")
        else:
            count, size = files.usage()
            self.stdout.write(
                f"{count} cached pages ({size / 1e6:.1f} MB) in {files.root()}; "
                f"{CachedPage.objects.count()} pages in the index; "
                f"{KeptPart.objects.count()} kept article parts in the database"
            )
