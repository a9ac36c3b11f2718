"""``/sitemap.xml``, an index of three sitemaps: every public page (Wagtail's), author pages
and tag pages (``/sitemaps/pages/``, ``/sitemaps/authors/``, ``/sitemaps/tags/``; then
``/sitemaps/pages/2/`` … past 50,000 addresses)."""

from urllib.parse import urlsplit, urlunsplit

from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max, Q
from django.urls import reverse
from taggit.models import Tag
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from nashir.core.links import absolute
from nashir.news.models import ArticlePage, HomePage, SectionPage
from nashir.people.models import Author


class PageSitemap(WagtailSitemap):
    """Wagtail's live, public pages, on the host the crawler used (not the Site record's).

    A listing changes whenever an article appears in it, so the home page and each section
    are dated by their newest article when that is later than their own last publish.
    """

    def _urls(self, page, protocol, domain):
        newest = dict(
            ArticlePage.objects.published()
            .order_by()
            .values_list("section_id")
            .annotate(newest=Max("last_published_at"))
        )
        newest_anywhere = max(filter(None, newest.values()), default=None)
        urls = []
        for item in self.paginator.page(page).object_list.iterator():
            listing_date = None
            if isinstance(item, HomePage):
                listing_date = newest_anywhere
            elif isinstance(item, SectionPage):
                listing_date = newest.get(item.pk)
            for info in item.get_sitemap_urls(self.request):
                parts = urlsplit(info["location"])
                info["location"] = absolute(self.request, urlunsplit(("", "", *parts[2:])))
                dates = [d for d in (info.get("lastmod"), listing_date) if d]
                info["lastmod"] = max(dates, default=None)
                urls.append(info)
        dates = [info["lastmod"] for info in urls if info["lastmod"]]
        if dates and len(dates) == len(urls):
            self.latest_lastmod = max(dates)
        return urls


def _published_ids():
    return ArticlePage.objects.published().order_by().values("pk")


class AuthorSitemap(Sitemap):
    """Author pages with at least one published article, dated by their newest one."""

    def items(self):
        return (
            Author.objects.filter(bylines__article__in=_published_ids())
            .annotate(lastmod=Max("bylines__article__last_published_at"))
            .only("slug")
            .order_by("slug")
        )

    def location(self, obj):
        return obj.get_absolute_url()

    def lastmod(self, obj):
        return obj.lastmod


class TagSitemap(Sitemap):
    """Tag pages with at least one published article."""

    def items(self):
        published = Q(news_articletag_items__content_object__in=_published_ids())
        return (
            Tag.objects.annotate(published=Count("news_articletag_items", filter=published))
            .filter(published__gt=0)
            .annotate(
                lastmod=Max(
                    "news_articletag_items__content_object__last_published_at", filter=published
                )
            )
            .order_by("slug")
        )

    def location(self, obj):
        return reverse("tag", kwargs={"slug": obj.slug})

    def lastmod(self, obj):
        return obj.lastmod


SITEMAPS = {"pages": PageSitemap, "authors": AuthorSitemap, "tags": TagSitemap}
