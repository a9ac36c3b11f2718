from datetime import timedelta

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from nashir.core.links import absolute
from nashir.core.models import SiteBranding
from nashir.news.models import ArticlePage

from .sitemaps import SITEMAPS

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


@require_GET
def sitemap(request):
    return wagtail_sitemap(request, SITEMAPS)


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
