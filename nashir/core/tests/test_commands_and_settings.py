import os
import secrets
import subprocess
import sys
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


@pytest.mark.django_db
def test_first_start_creates_an_admin_and_prints_the_password_once(monkeypatch):
    """make run's first start creates the admin and shows how to log in; later starts don't."""
    monkeypatch.delenv("NASHIR_ADMIN_PASSWORD", raising=False)
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    text = out.getvalue()
    password = text.split("Password: ", 1)[1].split()[0]
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)

    again = StringIO()
    call_command("ensure_admin", stdout=again)
    assert password not in again.getvalue()
    assert "Log in at" in again.getvalue()
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_admin_password_can_come_from_the_environment(monkeypatch):
    """NASHIR_ADMIN_PASSWORD sets the first admin's password and is never echoed."""
    monkeypatch.setenv("NASHIR_ADMIN_PASSWORD", "كلمة-سر-طويلة-2026")
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    assert "كلمة-سر-طويلة-2026" not in out.getvalue()
    assert get_user_model().objects.get().check_password("كلمة-سر-طويلة-2026")


def run_settings(module, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    """Production settings fail loudly without SECRET_KEY, and start with one."""
    refused = run_settings("nashir.settings.production", ALLOWED_HOSTS="news.example")
    assert refused.returncode != 0 and "SECRET_KEY" in refused.stderr
    started = run_settings(
        "nashir.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),  # a strong key: "x" * 60 is refused (issue #17)
        ALLOWED_HOSTS="news.example",
    )
    assert started.returncode == 0, started.stderr
