"""`manage.py retry_notifications`: moderator e-mails due for another attempt go back to the
queue (run by `manage.py chores` every minute, once for all machines)."""

from django.core.management import BaseCommand

from nashir.discussion.notifications import retry_notifications


class Command(BaseCommand):
    help = (
        "Queue the moderator notifications due for another attempt (SMTP was down), those a "
        "dead worker left half sent, and those of held comments stored without one."
    )

    def handle(self, *args, verbosity=1, **options):
        queued = retry_notifications()
        if queued and verbosity:
            self.stdout.write(f"queued {queued} moderator notification(s) again")
