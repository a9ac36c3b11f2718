"""Guessing an editor's password at /admin/login/ stops after five tries (django-axes)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("axes_on")]

PASSWORD = "كلمة-سر-طويلة-2026"


@pytest.fixture
def axes_on():
    with override_settings(AXES_ENABLED=True):
        yield


@pytest.fixture
def editor():
    return get_user_model().objects.create_superuser("hala", "hala@example.org", PASSWORD)


def log_in(client, password, address="203.0.113.7"):
    return client.post(
        "/admin/login/", {"username": "hala", "password": password}, REMOTE_ADDR=address
    )


def test_right_password_after_a_few_mistakes_logs_in(client, editor):
    """An editor who mistypes four times still gets in with the right password."""
    for _ in range(4):
        response = log_in(client, "خطأ")
        assert response.status_code == 200
    response = log_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_five_failures_lock_the_account_from_that_address(client, editor):
    """After five wrong passwords even the right one is refused for an hour, in Arabic."""
    for _ in range(5):
        log_in(client, "خطأ")
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    assert "تعذّر تسجيل الدخول مؤقتاً" in response.content.decode()
    assert client.get("/admin/").status_code == 302  # still logged out

    # The lockout is per user name and address: the editor at the office still gets in.
    assert log_in(client, PASSWORD, address="198.51.100.20").status_code == 302


def test_proxy_address_is_read_from_nginx_only(rf, settings):
    """Behind nginx the reader's address is the one nginx saw; others cannot forge it."""
    from nashir.ops.security import client_ip

    via_nginx = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert client_ip(via_nginx) == "203.0.113.7"
    direct = rf.get("/", REMOTE_ADDR="198.51.100.20", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(direct) == "198.51.100.20"
