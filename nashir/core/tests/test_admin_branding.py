"""The admin is nashir's: its name, mark and guide; avatars drawn here; nothing asked of other
sites; one public address (NASHIR_BASE_URL) for everything that links to the site."""

import base64
import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

from nashir.core.admin_avatars import avatar_url, initials_avatar_url
from nashir.newsroom.roles import EDITOR, WRITER
from nashir.newsroom.tests.conftest import make_user


def sidebar(html):
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )
    return json.loads(props.group(1))


@pytest.mark.django_db
def test_avatars_are_initials_drawn_here(client):
    """An editor's avatar is their initials in an SVG data URL: no request to gravatar.com."""
    user = make_user("khaled", EDITOR)
    user.first_name, user.last_name = "خالد", "العمر"
    user.save()
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html.lower()
    url = avatar_url(user, 50)
    assert url.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(url.split(",", 1)[1]).decode()
    assert ">خ\u200cع</text>" in svg  # the family name's article skipped: خالد العمر → خ ع
    assert url.split(",", 1)[1][:20] in html  # the dashboard shows it
    assert initials_avatar_url(user) == initials_avatar_url(user)  # the same colour each time


@pytest.mark.django_db
def test_no_link_or_check_goes_to_wagtail_org(client):
    """Help points at nashir's own guide; no «ما الجديد في Wagtail», no upgrade check, no
    «Wagtail v8.0.1» under the settings."""
    client.force_login(make_user("boss", superuser=True))
    html = client.get("/admin/").content.decode()
    assert "wagtail.org" not in html and "releases.wagtail.io" not in html
    assert "Wagtail v" not in html
    labels = json.dumps(sidebar(html), ensure_ascii=False)
    assert "دليل التحرير" in labels and "/admin/guide/" in labels
    assert (
        not settings.WAGTAIL_ENABLE_UPDATE_CHECK and settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    )


@pytest.mark.django_db
def test_editors_guide_is_in_arabic_for_every_role(client):
    """«دليل التحرير» opens for writers and editors, inside the admin."""
    for user in (make_user("w", WRITER), make_user("e", EDITOR)):
        client.force_login(user)
        html = client.get("/admin/guide/").content.decode()
        assert "<title>دليل التحرير - ناشر</title>" in html
        assert "«موافقة ونشر»" in html and "«تعيين جدول»" in html


def test_one_base_url_for_the_whole_site():
    """NASHIR_BASE_URL is settings.NASHIR_BASE_URL and Wagtail's admin base URL; a trailing
    slash is dropped."""
    started = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.NASHIR_BASE_URL, s.WAGTAILADMIN_BASE_URL)",
        ],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "nashir.settings.dev",
            "NASHIR_BASE_URL": "http://127.0.0.1:9301/",
        },
        capture_output=True,
        text=True,
    )
    assert started.stdout.split() == ["http://127.0.0.1:9301", "http://127.0.0.1:9301"], (
        started.stderr
    )


def test_a_base_url_that_is_not_an_origin_stops_the_server(settings):
    """A mistyped NASHIR_BASE_URL is refused at start with an explanation, and one the server
    does not answer to is warned about."""
    from django.core.management.base import SystemCheckError

    settings.NASHIR_BASE_URL = "news.example.org"
    with pytest.raises(SystemCheckError, match="NASHIR_BASE_URL must be the site's origin"):
        call_command("check")
    settings.NASHIR_BASE_URL = "https://news.example.org"
    settings.ALLOWED_HOSTS = ["elsewhere.example"]
    from nashir.core.checks import check_base_url

    assert [w.id for w in check_base_url()] == ["nashir.W001"]
    settings.ALLOWED_HOSTS = ["news.example.org"]
    assert check_base_url() == []


def test_make_run_passes_the_base_url_and_prints_the_login_last():
    """`make run` gives every command and gunicorn http://HOST:PORT, collects static files
    before the demo renders anything, and prints nothing after the admin's login."""
    makefile = (settings.BASE_DIR / "Makefile").read_text()
    run = makefile.split("\nrun: install\n", 1)[1].split("\n\n", 1)[0]
    assert "NASHIR_BASE_URL ?= http://$(HOST):$(PORT)" in makefile
    assert (
        "DEV    := DJANGO_SETTINGS_MODULE=nashir.settings.dev NASHIR_BASE_URL=$(NASHIR_BASE_URL)"
        in makefile
    )
    steps = [line.strip() for line in run.splitlines() if line.startswith("\t")]
    commands = " ".join(steps)
    assert (
        commands.index("collectstatic")
        < commands.index("load_demo")
        < commands.index("ensure_admin")
    )
    gunicorn = next(i for i, step in enumerate(steps) if "gunicorn" in step)
    assert "ensure_admin" in steps[gunicorn - 1]
    assert steps[gunicorn - 1].startswith("@") and steps[gunicorn].startswith("@$(DEV)")
