from django.core.management.base import BaseCommand, CommandError

from nashir.ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write the database and the uploaded media to one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "archive", help="where to write the backup, e.g. nashir-2026-11-30.tar.gz"
        )
        parser.add_argument(
            "--no-media", action="store_true", help="the database only (media kept elsewhere)"
        )

    def handle(self, archive, no_media=False, **options):
        try:
            manifest = create_backup(archive, include_media=not no_media)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        media = "with media" if manifest["media"] else "without media"
        self.stdout.write(f"Backed up the {manifest['engine']} database {media} to {archive}")
