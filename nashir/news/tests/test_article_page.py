import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nashir.news.tests.factories import make_article, make_image, make_section
from nashir.people.tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db


def get_html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_article_page_shows_every_part_of_the_model_page(client, section):
    """Ticker, headline, byline, body, read-also, tags, author box, related, comments, back-to-top."""
    author = AuthorFactory(name="رامي الحداد", slug="rami", bio="صحفي من حلب.")
    other = make_article(section, "انقطاع المياه عن أحياء حلب", tags=["المياه"])
    article = make_article(
        section,
        "توقف محطة ضخ رئيسية في حلب",
        authors=[author],
        tags=["المياه", "حلب"],
        image=True,
        body=[
            ("paragraph", "<p>الفقرة الأولى.</p>"),
            ("read_also", other),
            ("subheading", "عنوان فرعي"),
            ("quote", {"text": "قول منسوب", "attribution": "أم أحمد"}),
        ],
    )
    html = get_html(client, article.url)

    assert '<html lang="ar" dir="rtl">' in html
    assert "آخر الأخبار" in html
    assert '<h1 class="article__title">توقف محطة ضخ رئيسية في حلب</h1>' in html
    assert 'href="/author/rami/"' in html and "رامي الحداد" in html
    assert f'اقرأ أيضاً:</strong> <a href="{other.url}">' in html
    assert "صحفي من حلب." in html  # author box bio
    assert "مقالات ذات صلة" in html and other.title in html
    assert "اترك تعليقاً" in html
    assert "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ" in html
    assert 'href="#top"' in html and "الذهاب إلى الأعلى" in html and 'id="masthead"' in html
    assert 'href="/tag/%D8%AD%D9%84%D8%A8/"' in html or 'href="/tag/حلب/"' in html
    assert "نوفمبر" in html or "ديسمبر" in html or re.search(r"\d{4}</time>", html)


def test_every_link_on_the_article_page_works(client, section):
    """No broken internal link: author, tag, section, related and read-also all answer 200."""
    other = make_article(section, tags=["الطاقة"])
    article = make_article(section, tags=["الطاقة"], body=[("read_also", other)])
    html = get_html(client, article.url)
    links = set(re.findall(r'href="(/[^"#]*)"', html)) - {"/static/css/nashir.css"}
    links = {link for link in links if not link.startswith(("/static/", "/media/"))}
    assert len(links) >= 5
    for link in links:
        assert client.get(link).status_code == 200, link


def test_desk_byline(client, section):
    """A desk such as «فريق التحرير» can sign an article and has its own page."""
    desk = AuthorFactory(desk=True)
    article = make_article(section, authors=[desk])
    html = get_html(client, article.url)
    assert "فريق التحرير" in html
    assert 'href="/author/newsroom/"' in html


def test_two_authors_are_joined_in_arabic(client, section):
    """Two bylines read «أ وب»."""
    a = AuthorFactory(name="لينا صباغ")
    b = AuthorFactory(name="عمر خطيب")
    html = get_html(client, make_article(section, authors=[a, b]).url)
    assert re.search(r"لينا صباغ</a> و<a[^>]*>عمر خطيب</a>", html)


def test_related_prefers_shared_tags_and_stops_at_four(client, home, section):
    """Related: up to 4, the ones sharing most tags first, never the article itself."""
    economy = make_section(home, "اقتصاد", "economy")
    article = make_article(section, "موسم القمح في الجزيرة", tags=["القمح", "الأسعار"])
    best = make_article(economy, "أفضل مقال مرتبط", tags=["القمح", "الأسعار"], hours_ago=50)
    for title in ["مباراة الجيش", "سباق الدراجات", "بطولة السباحة", "دوري السلة", "كأس الشطرنج"]:
        make_article(section, title, tags=["رياضة"])
    related = article.related_articles()
    assert len(related) == 4
    assert related[0].pk == best.pk
    assert article.pk not in [r.pk for r in related]


def test_read_also_to_an_unpublished_article_disappears(client, section):
    """A read-also block pointing at an unpublished article renders nothing."""
    target = make_article(section, "مقال سيُسحب")
    article = make_article(section, body=[("read_also", target)])
    assert "مقال سيُسحب" in get_html(client, article.url)
    target.unpublish()
    html = get_html(client, article.url)
    assert "اقرأ أيضاً" not in html
    assert "مقال سيُسحب" not in html


def count_queries(client, url):
    client.get(url)  # warm: renditions and the site root are made on the first view
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_article_page_costs_a_fixed_number_of_queries(client, home, section, settings):
    """Tags, authors and related items do not add queries: the page cost is fixed."""
    settings.NASHIR_PAGE_CACHE = False  # measure rendering, not filling the page cache
    settings.NASHIR_FRAGMENT_CACHE = False  # nor reusing the article's rendered parts
    target = make_article(section, tags=["واحد"], image=True)
    photographed = AuthorFactory(photo=make_image())
    small = make_article(
        section, authors=[photographed], tags=["واحد"], image=True, body=[("read_also", target)]
    )

    authors = [AuthorFactory(photo=None) for _ in range(3)]
    authors[0].photo = make_image()
    authors[0].save()
    tags = [f"وسم{i}" for i in range(8)]
    big = make_article(
        section,
        authors=authors,
        tags=tags,
        image=True,
        body=[("paragraph", "<p>نص.</p>"), ("read_also", small), ("read_also", target)],
    )
    for i in range(6):
        make_article(section, tags=tags[i : i + 3], image=True)

    small_cost = count_queries(client, small.url)
    big_cost = count_queries(client, big.url)
    assert big_cost == small_cost, (small_cost, big_cost)
    assert big_cost <= 14  # the article page's budget
