import pytest


@pytest.fixture
def home(db):
    from nashir.news.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def section(home):
    from nashir.news.tests.factories import make_section

    return make_section(home, "سوريا", "syria")
