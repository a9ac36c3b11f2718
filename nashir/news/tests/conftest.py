import pytest

from nashir.news.models import ArticlePage


@pytest.fixture
def article(demo_site):
    """The demo newsroom's article with every part of the model page."""
    return ArticlePage.objects.get(slug="aleppo-pumping-station-outage")
