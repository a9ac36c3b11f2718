from django.core.management.base import BaseCommand, CommandError

from nashir.ops.backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = "Replace the database and the uploaded media with those in a backup archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a .tar.gz written by `manage.py backup`")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="confirm: everything written since the backup is lost",
        )

    def handle(self, archive, yes=False, **options):
        try:
            manifest = read_manifest(archive)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        if not yes:
            raise CommandError(
                f"This replaces the database and media with the backup of {manifest['created_at']};"
                " everything written since is lost. Stop the app servers and workers, then run again"
                " with --yes."
            )
        try:
            restore_backup(archive)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the backup of {manifest['created_at']} from {archive}")
