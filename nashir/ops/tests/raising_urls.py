"""The site's URLs plus one view that fails, for the tests of what a 500 leaves behind."""

from django.urls import path

from nashir.urls import handler400, handler403, handler500  # noqa: F401
from nashir.urls import urlpatterns as site_urlpatterns


def broken_press(request):
    """A view with a bug, as a real one would have."""
    return {"pages": 1}["presses"] / 0


urlpatterns = [path("boom/", broken_press), *site_urlpatterns]
