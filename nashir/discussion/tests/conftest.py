import pytest


@pytest.fixture
def article(section):
    from nashir.news.tests.factories import make_article

    return make_article(section, "انقطاع الكهرباء في حمص")
