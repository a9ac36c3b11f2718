import pytest
from django.core.cache import cache

from nashir.news.tests.factories import make_article
from nashir.people.tests.factories import AuthorFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rendered bodies and site root paths are cached; each test starts from nothing."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def author(db):
    return AuthorFactory(name="ريم الحلبي", slug="reem", email="reem@newsroom.example")


@pytest.fixture
def article(section, author):
    return make_article(
        section,
        "انطلاق مفاوضات جديدة في جنيف",
        authors=[author],
        tags=["جنيف", "مفاوضات"],
        image=True,
        body=[
            ("paragraph", '<p>بدأت الجولة <a href="https://example.org/x">الجديدة</a>.</p>'),
            ("subheading", "خلفيات"),
        ],
    )
