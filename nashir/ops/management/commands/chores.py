"""`manage.py chores`: the minute's chores, started by nashir-scheduler.timer on every machine."""

from django.core.management import BaseCommand, call_command

from nashir.ops import chores


class Command(BaseCommand):
    help = (
        "Run the minute's chores: scheduled publishing, read counts, stuck tasks and moderator "
        "notifications to try again once for all "
        "machines (under a database lock), and this machine's page-cache expiry."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        with chores.shared_lock() as held:
            if held:
                call_command("publish_scheduled", verbosity=verbosity)
                call_command("flush_read_counts", verbosity=verbosity)
                requeued = chores.requeue_stuck_tasks()
                if requeued and verbosity:
                    self.stdout.write(f"requeued {requeued} stuck task(s)")
                call_command("retry_notifications", verbosity=verbosity)
            elif verbosity > 1:
                self.stdout.write("another machine is running the shared chores: skipped")
        call_command("pagecache", "expire", verbosity=verbosity)
