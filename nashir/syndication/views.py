from datetime import timedelta

from django.contrib.sitemaps.views import SitemapIndexItem
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.http import Http404
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps.views import prepare_sitemaps

from nashir.core.links import absolute
from nashir.core.models import SiteBranding
from nashir.news.models import ArticlePage
from nashir.pagecache import Key, depends_on

from .sitemaps import SITEMAPS

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


def _sitemap(section, request):
    """The section's sitemap object (Wagtail's take the request; Django's are classes)."""
    sitemap = prepare_sitemaps(request, {section: SITEMAPS[section]})[section]
    return sitemap() if isinstance(sitemap, type) else sitemap


def _sitemap_location(request, section, number):
    args = [section] if number == 1 else [section, number]
    return absolute(request, reverse("sitemap_section", args=args))


@require_GET
def sitemap(request):
    """The sitemap index: one sitemap per kind of page, each in pages of at most 50,000
    addresses (the protocol's limit; Django's `Sitemap.limit`), so it holds at any size.

    The index is small (a count per kind) and sent with `s-maxage` for Varnish or a CDN. The
    sitemaps themselves, the costly part, live at addresses ending in "/" (`/sitemaps/pages/`,
    `/sitemaps/pages/2/`, not Django's `?p=2`) so the page cache keeps each as a file that nginx
    serves; a publish, withdrawal or move purges them (Key.FEEDS), and they are rendered again
    every NASHIR_PAGE_CACHE_TTL seconds."""
    depends_on(request, Key.FEEDS)
    entries = []
    for section in SITEMAPS:
        pages = max(_sitemap(section, request).paginator.num_pages, 1)
        entries += [
            SitemapIndexItem(_sitemap_location(request, section, n)) for n in range(1, pages + 1)
        ]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


@require_GET
def sitemap_section(request, section, number=1):
    """One sitemap of the index, in pages of 50,000 addresses (`/sitemaps/pages/2/`)."""
    if section not in SITEMAPS or not 1 <= number <= 999_999:
        raise Http404("لا توجد خريطة موقع بهذا الاسم.")
    if number == 1 and request.resolver_match.kwargs.get("number") == 1:
        raise Http404("الصفحة الأولى عنوانها بلا رقم.")  # one address per page
    depends_on(request, Key.FEEDS)
    request.GET = request.GET.copy()
    request.GET["p"] = str(number)  # Django's sitemap view reads its page from there
    return django_sitemap(request, {section: _sitemap(section, request)}, section=section)


@require_GET
def news_sitemap(request):
    """Google News: the articles of the last 48 hours, at most 1,000, newest first."""
    articles = (
        ArticlePage.objects.published()
        .filter(published_at__gte=timezone.now() - NEWS_WINDOW)
        .only("title", "url_path", "published_at")[:NEWS_LIMIT]
    )
    entries = [
        {
            "loc": absolute(request, article.get_url(request)),
            "title": article.title,
            "published": timezone.localtime(article.published_at).isoformat(timespec="seconds"),
        }
        for article in articles
    ]
    return render(
        request,
        "syndication/news_sitemap.xml",
        {"entries": entries, "publication": SiteBranding.for_request(request).site_name},
        content_type="application/xml; charset=utf-8",
    )


@require_GET
def robots_txt(request):
    sitemaps = [absolute(request, reverse(name)) for name in ("sitemap", "news_sitemap")]
    return render(
        request,
        "syndication/robots.txt",
        {"sitemaps": sitemaps},
        content_type="text/plain; charset=utf-8",
    )
