"""The site's URLs plus one view that fails, for the tests of what a 500 leaves behind."""

from django.urls import path

from nashir.urls import handler400, handler403, handler500  # noqa: F401
from nashir.urls import urlpatterns as site_urlpatterns


def broken_press(request):
    """A view with a bug, as a real one would have."""
    return {"pages": 1}["presses"] / 0


def database_gone(request):
    """What every view raises while PostgreSQL is stopped or restarting."""
    from django.db import OperationalError

    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")


urlpatterns = [
    path("boom/", broken_press),
    path("database-gone/", database_gone),
    *site_urlpatterns,
]
