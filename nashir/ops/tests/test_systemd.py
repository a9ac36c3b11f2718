"""The systemd units in deploy/systemd start commands that exist, with options they accept."""

import shlex
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands, load_command_class
from django.test import override_settings

UNITS = Path(settings.BASE_DIR) / "deploy" / "systemd"


def exec_starts(unit):
    """ExecStart command lines of a unit file, with backslash continuations joined."""
    text = unit.read_text().replace("\\\n", " ")
    return [
        shlex.split(line.split("=", 1)[1])
        for line in text.splitlines()
        if line.startswith("ExecStart=")
    ]


@pytest.mark.parametrize(
    "name",
    ["nashir-gunicorn@.service", "nashir-worker.service", "nashir-scheduler.service"],
)
def test_units_read_the_shared_environment(name):
    """Every process gets its settings from /etc/nashir/env and the production settings."""
    text = (UNITS / name).read_text()
    assert "EnvironmentFile=/etc/nashir/env" in text
    assert "DJANGO_SETTINGS_MODULE=nashir.settings.production" in text


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_manage_py_commands_in_units_exist_and_accept_their_options():
    """A renamed command or option would leave the worker or scheduler failing every minute."""
    checked = []
    for unit in sorted(UNITS.glob("*.service")):
        for argv in exec_starts(unit):
            if "manage.py" not in argv:
                continue
            name, *args = argv[argv.index("manage.py") + 1 :]
            assert name in get_commands(), f"{unit.name}: unknown command {name}"
            command = load_command_class(get_commands()[name], name)
            command.create_parser("manage.py", name).parse_args(args)
            checked.append(name)
    assert {"db_worker", "chores"} <= set(checked)


def test_gunicorn_unit_serves_the_wsgi_app_on_its_instance_port():
    """`nashir-gunicorn@8001` listens on 127.0.0.1:8001 with nashir's WSGI application."""
    (argv,) = exec_starts(UNITS / "nashir-gunicorn@.service")
    assert "nashir.wsgi" in argv
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:%i"
    config = argv[argv.index("-c") + 1]  # the configuration make run and make bench use
    assert config == "/srv/nashir/deploy/gunicorn.conf.py"
    assert (Path(settings.BASE_DIR) / "deploy" / "gunicorn.conf.py").exists()
    assert (Path(settings.BASE_DIR) / "nashir" / "wsgi.py").exists()


def test_timer_runs_the_scheduler_every_minute():
    """Scheduled articles go live within a minute of their time."""
    text = (UNITS / "nashir-scheduler.timer").read_text()
    assert "OnCalendar=*-*-* *:*:00" in text
