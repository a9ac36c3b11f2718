"""{% held %}: the parts every page shows alike are rendered once per process until a purge,
and declare what they show to the page cache each time they are shown."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from nashir.news.templatetags import news_tags
from nashir.news.tests.factories import make_article
from nashir.pagecache import Key, purge, stamps

pytestmark = pytest.mark.django_db

#: The ticker is not held in the site's templates (its «عاجل» marks run out to the second); here
#: it stands for any part that declares the headlines it shows.
TICKER = Template(
    '{% load pagecache_tags news_tags %}{% held "ticker" page.path|slice:":12" %}'
    "{% ticker %}{% endheld %}"
)


@pytest.fixture
def renders(monkeypatch):
    """How many times the ticker was really rendered."""
    calls = []
    original = news_tags.ticker_entries

    def counted(request):
        calls.append(request)
        return original(request)

    monkeypatch.setattr(news_tags, "ticker_entries", counted)
    return calls


def show(host="localhost", page=None):
    request = RequestFactory().get("/", HTTP_HOST=host)
    with stamps.request_scope():
        html = TICKER.render(Context({"request": request, "page": page}))
    return html, request


def test_rendered_once_and_its_keys_declared_each_time(section, renders):
    article = make_article(section, "افتتاح معبر حدودي جديد")
    first, request = show()
    again, later = show()
    assert "افتتاح معبر حدودي جديد" in first
    assert again == first
    assert len(renders) == 1
    assert Key.headline(article.pk) in later.page_cache_mentions
    assert later.page_cache_mentions == request.page_cache_mentions


def test_a_purge_renders_it_again(section, renders):
    show()
    make_article(section, "خبر نشر بعد ذلك")  # its publish purges
    html, _ = show()
    assert "خبر نشر بعد ذلك" in html
    purge(Key.HOME)
    show()
    assert len(renders) == 3


def test_held_per_address_and_per_value_it_varies_with(section, renders, settings):
    """Another host (or scheme) never gets a part rendered for the site's own, nor a page of
    another section the part rendered for this one."""
    settings.ALLOWED_HOSTS = ["localhost", "example.org"]
    make_article(section, "خبر")
    show()
    show(host="example.org")
    show(page=section)
    show(page=section)
    assert len(renders) == 3


def test_nothing_is_held_when_nothing_may_be_kept(section, renders, settings):
    """NASHIR_FRAGMENT_CACHE off (what a first render costs): rendered every time."""
    settings.NASHIR_FRAGMENT_CACHE = False
    make_article(section, "خبر")
    show()
    show()
    assert len(renders) == 2


def test_each_section_page_marks_its_own_section_in_the_held_menu(client, home, section):
    """The masthead is held per section: /economy/ after /syria/ marks «اقتصاد», not «سوريا»."""
    from nashir.news.tests.factories import make_section

    make_section(home, "اقتصاد", "economy")
    for path, name in [("/syria/", "سوريا"), ("/economy/", "اقتصاد"), ("/syria/", "سوريا")]:
        for _ in range(2):  # rendered, then from the process
            html = client.get(path, HTTP_COOKIE="nashir_nocache=1").content.decode()
            assert f'aria-current="page">{name}</a>' in html, path
