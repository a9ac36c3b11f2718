import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from nashir.core.sites import align_default_site


class Command(BaseCommand):
    help = (
        "Create the first administrator if there is none, and say how to log in. "
        "The password comes from NASHIR_ADMIN_PASSWORD, or is random and printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default=settings.NASHIR_BASE_URL)

    def handle(self, *args, url, **options):
        if align_default_site(url):
            self.stdout.write(f"The site now answers at {url} (its Site record was updated).")
        User = get_user_model()
        admin_url = f"{url.rstrip('/')}/admin/"
        existing = User.objects.filter(is_superuser=True).order_by("pk").first()
        if existing:
            self.stdout.write(
                f"Log in at {admin_url} as '{existing.get_username()}' "
                "(password printed at first start; change it with "
                f"'.venv/bin/python manage.py changepassword {existing.get_username()}')."
            )
            return
        username = os.environ.get("NASHIR_ADMIN_USER", "admin")
        password = os.environ.get("NASHIR_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(
            username=username, email=os.environ.get("NASHIR_ADMIN_EMAIL", ""), password=password
        )
        shown = (
            "(from NASHIR_ADMIN_PASSWORD)" if os.environ.get("NASHIR_ADMIN_PASSWORD") else password
        )
        self.stdout.write(self.style.SUCCESS("Administrator created."))
        self.stdout.write(f"  Admin:    {admin_url}")
        self.stdout.write(f"  Username: {username}")
        self.stdout.write(f"  Password: {shown}")
        if not os.environ.get("NASHIR_ADMIN_PASSWORD"):
            self.stdout.write("  This password is shown only once: keep it.")
