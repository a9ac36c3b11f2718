import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm
from wagtail.models import Site

from nashir.wordpress.importer import ImportAborted, WordPressImporter, scan_export
from nashir.wordpress.wxr import WXRError


class Progress:
    """A bar with rate and time left on a terminal (tqdm); on a pipe or a log, plain lines —
    every 10 % of a stage and at least once a minute — with the rate and the time left."""

    INTERVAL = 60.0

    def __init__(self, stream):
        self.stream = stream
        self.interactive = hasattr(stream, "isatty") and stream.isatty()
        self.stage = None
        self.bar = None
        self.last_tenth = -1
        self.last_line = 0.0
        self.started = time.monotonic()

    def __call__(self, stage, done, total):
        if stage != self.stage:
            self.close()
            self.stage, self.last_tenth = stage, -1
            self.started = self.last_line = time.monotonic()
            if self.interactive:
                self.bar = tqdm(
                    total=total, desc=f"{stage:<10}", unit=" items", file=self.stream, leave=True
                )
        if self.bar is not None:
            self.bar.update(done - self.bar.n)
            if done >= total:
                self.close()
            return
        now = time.monotonic()
        tenth = done * 10 // total if total else 10
        if tenth == self.last_tenth and now - self.last_line < self.INTERVAL:
            return
        self.last_tenth, self.last_line = tenth, now
        elapsed = now - self.started
        line = f"{stage:<10} {done}/{total} ({done * 100 // total if total else 100} %"
        if elapsed > 1 and done:
            rate = done / elapsed
            line += f", {rate:.1f}/s"
            if done < total:
                line += f", {format_seconds((total - done) / rate)} left"
        self.stream.write(line + ")\n")
        self.stream.flush()

    def close(self):
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def format_seconds(seconds):
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"
    if seconds >= 60:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds} s"


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.1/1.2 from Tools → Export): authors, categories as "
        "sections, tags, posts as articles, pages as standard pages, featured images, comments "
        "and 301 redirects from the old addresses. Safe to run again: it updates, never "
        "duplicates, and a run stopped half-way continues where it stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="the .xml file WordPress exported")
        parser.add_argument(
            "--media-dir",
            help="a copy of wp-content/uploads (or the folder holding it): featured and body "
            "images are taken from here; without it they are reported missing",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="do the whole import, report what would change, then roll everything back",
        )
        parser.add_argument(
            "--site",
            help="host name of the nashir Site that answers this WordPress site's old "
            "addresses (default: the Site with the old host name, else the default Site)",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help="posts written per transaction (default 500)",
        )

    def handle(self, *args, **options):
        path = Path(options["export"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        media_dir = options.get("media_dir")
        if media_dir and not Path(media_dir).is_dir():
            raise CommandError(f"--media-dir {media_dir}: no such directory")
        site = None
        if options.get("site"):
            site = Site.objects.filter(hostname=options["site"]).first()
            if site is None:
                raise CommandError(
                    f"--site {options['site']}: no such Site (add it under Settings → Sites)"
                )
        stream = self.stderr._out if hasattr(self.stderr, "_out") else sys.stderr
        self.stderr.write(f"{path.name}: reading the whole file first …")
        try:
            scan = scan_export(path)
        except WXRError as exc:
            raise CommandError(f"{path}: {exc}. Nothing was imported.") from exc
        export = scan.export
        self.stderr.write(
            f"{path.name}: WXR {export.version or '?'} from {export.site_key} — "
            f"{len(export.authors)} authors, {len(export.categories)} categories, "
            f"{len(export.tags)} tags, {scan.posts} posts, {len(scan.pages)} pages, "
            f"{len(scan.attachments)} attachments"
        )
        progress = Progress(stream)
        importer = WordPressImporter(
            path,
            media_dir=media_dir,
            dry_run=options["dry_run"],
            progress=progress,
            site=site,
            batch_size=max(1, options["batch_size"]),
            scan=scan,
        )
        try:
            report = importer.run()
        except ImportAborted as exc:
            raise CommandError(f"{exc}. Nothing was imported.") from exc
        except WXRError as exc:  # the file changed under the import's feet
            raise CommandError(
                f"{path}: {exc}. The posts written so far are kept; run again to continue."
            ) from exc
        except KeyboardInterrupt:
            raise CommandError(
                "interrupted: the posts written so far are kept (whole); run the same command "
                "again to continue."
            ) from None
        except Exception as exc:  # outside any one post
            raise CommandError(
                f"the import stopped ({type(exc).__name__}: {exc}). Posts written before are "
                "kept whole; the batch in progress was rolled back. Run again to continue."
            ) from exc
        finally:
            progress.close()
        for line in report.lines():
            self.stdout.write(line)
        if report.failed:
            raise CommandError(
                f"{len(report.failed)} item(s) failed and were left out (listed above); "
                "everything else was imported."
            )
        if not report.dry_run:
            self.stdout.write(self.style.SUCCESS("Import finished."))
