import pytest
from django.test import override_settings


@pytest.mark.django_db
def test_health_reports_database_and_cache(client):
    """A load balancer polling /health/ sees 200 and both services ok, never a cached answer."""
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_says_degraded_but_stays_in_rotation_when_the_cache_is_down(client):
    """With Redis unreachable the server still serves pages: 200, «degraded», so a balancer
    does not take every app server out at once for a shared cache."""
    broken = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    with override_settings(CACHES=broken):  # Django rebuilds its cache handlers on this
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "error"}


@pytest.mark.django_db
def test_health_fails_when_the_database_is_down(client, monkeypatch):
    """A database that refuses queries gives 503: take this server out."""
    from django.db import connection

    def refuse(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused")

    monkeypatch.setattr("nashir.ops.views.connection.cursor", refuse)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert response.json()["status"] == "down"
