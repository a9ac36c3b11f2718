import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters live in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def article(section):
    from nashir.news.tests.factories import make_article

    return make_article(section, "انقطاع الكهرباء في حمص")
