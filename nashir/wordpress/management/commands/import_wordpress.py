import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from nashir.wordpress.importer import ImportAborted, WordPressImporter
from nashir.wordpress.wxr import WXRError, parse_wxr


class ProgressBar:
    """A one-line textual bar on stderr; on a pipe or a log file, a line every 10 %."""

    WIDTH = 30

    def __init__(self, stream):
        self.stream = stream
        self.interactive = hasattr(stream, "isatty") and stream.isatty()
        self.stage = None
        self.last_tenth = -1
        self.last_draw = 0.0
        self.started = time.monotonic()

    def __call__(self, stage, done, total):
        if stage != self.stage:
            self.stage, self.last_tenth, self.started = stage, -1, time.monotonic()
        tenth = done * 10 // total if total else 10
        now = time.monotonic()
        if self.interactive:
            if done != total and now - self.last_draw < 0.1:
                return
            self.last_draw = now
            filled = self.WIDTH * done // total if total else self.WIDTH
            bar = "#" * filled + "." * (self.WIDTH - filled)
            end = "\n" if done == total else ""
            self.stream.write(f"\r{stage:<10} [{bar}] {done}/{total}{end}")
            self.stream.flush()
        elif tenth != self.last_tenth:
            self.last_tenth = tenth
            elapsed = now - self.started
            rate = f", {done / elapsed:.1f}/s" if elapsed > 1 else ""
            self.stream.write(f"{stage:<10} {done}/{total} ({tenth * 10} %{rate})\n")
            self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.1/1.2 from Tools → Export): authors, categories as "
        "sections, tags, posts as articles, featured images, comments and 301 redirects from "
        "the old addresses. Safe to run again: it updates and never duplicates."
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

    def handle(self, *args, **options):
        path = Path(options["export"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        media_dir = options.get("media_dir")
        if media_dir and not Path(media_dir).is_dir():
            raise CommandError(f"--media-dir {media_dir}: no such directory")
        try:
            export = parse_wxr(str(path))
        except WXRError as exc:
            raise CommandError(f"{path}: {exc}. Nothing was imported.") from exc
        posts = sum(1 for i in export.items if i.post_type == "post")
        self.stderr.write(
            f"{path.name}: WXR {export.version or '?'} from {export.site_key} — "
            f"{len(export.authors)} authors, {len(export.categories)} categories, "
            f"{len(export.tags)} tags, {posts} posts, {len(export.items)} items in all"
        )
        importer = WordPressImporter(
            export,
            media_dir=media_dir,
            dry_run=options["dry_run"],
            progress=ProgressBar(self.stderr._out if hasattr(self.stderr, "_out") else sys.stderr),
        )
        try:
            report = importer.run()
        except ImportAborted as exc:
            raise CommandError(f"{exc}. Nothing was imported.") from exc
        except Exception as exc:  # outside any one post: the whole run was rolled back
            raise CommandError(
                f"the import stopped ({type(exc).__name__}: {exc}); it was rolled back and "
                "nothing was imported."
            ) from exc
        for line in report.lines():
            self.stdout.write(line)
        if report.failed:
            raise CommandError(
                f"{len(report.failed)} item(s) failed and were left out (listed above); "
                "everything else was imported."
            )
        if not report.dry_run:
            self.stdout.write(self.style.SUCCESS("Import finished."))
