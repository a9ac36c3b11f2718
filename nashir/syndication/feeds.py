"""RSS 2.0 and Atom feeds: the whole site, a section, an author, a tag.

``/feed/`` is where WordPress serves its feed, so readers' subscriptions survive the move.
Items carry author names only (never e-mail addresses), the tags as categories, the summary,
and — with ``NASHIR_FEED_FULL_TEXT`` (the default) — the full text.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from taggit.models import Tag

from nashir.core.links import absolute
from nashir.core.models import SiteBranding
from nashir.news.bodies import body_html, prefetch_bodies
from nashir.news.models import ArticleByline, ArticlePage, SectionPage
from nashir.pagecache import Key, depends_on
from nashir.people.models import Author

FEED_IMAGE_SPEC = "fill-960x540"


class NewsRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the full text in ``content:encoded`` and the image in ``media:content``."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
            "xmlns:media": "http://search.yahoo.com/mrss/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])
        if item.get("image"):
            image = item["image"]
            handler.addQuickElement(
                "media:content",
                None,
                {
                    "url": image["url"],
                    "medium": "image",
                    "type": image["type"],
                    "width": str(image["width"]),
                    "height": str(image["height"]),
                },
            )


class NewsAtomFeed(Atom1Feed):
    """Atom with the summary in ``<summary>`` and the full text in ``<content>``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})
        if item.get("image"):
            handler.addQuickElement(
                "link",
                None,
                {"rel": "enclosure", "href": item["image"]["url"], "type": item["image"]["type"]},
            )


@dataclass
class FeedScope:
    """What one request's feed is about; the Feed instance itself is shared by every request."""

    request: object
    title: str
    link: str
    description: str
    articles: object = field(repr=False)
    branding: object = None


class ArticlesFeed(Feed):
    """The newest articles of the whole site."""

    feed_type = NewsRssFeed
    language = "ar"

    def get_object(self, request, **kwargs):
        depends_on(request, Key.FEEDS)  # purged whenever any article is published
        branding = SiteBranding.for_request(request)
        scope = self.scope(request, branding, **kwargs)
        scope.branding = branding
        return scope

    def scope(self, request, branding, **kwargs):
        return FeedScope(
            request,
            branding.site_name,
            "/",
            branding.tagline or f"آخر ما نشره موقع {branding.site_name}",
            ArticlePage.objects.all(),
        )

    def title(self, obj):
        return obj.title

    def link(self, obj):
        return obj.link

    def description(self, obj):
        return obj.description

    def author_name(self, obj):
        return obj.branding.site_name

    def feed_copyright(self, obj):
        return f"© {obj.branding.site_name}"

    def items(self, obj):
        """One query for the articles, one per prefetched relation — never one per item."""
        size = getattr(settings, "NASHIR_FEED_SIZE", 30)
        articles = list(
            obj.articles.published()
            .select_related("section", "featured_image")
            .prefetch_related(
                Prefetch("bylines", ArticleByline.objects.select_related("author")),
                "tagged_items__tag",
                "featured_image__renditions",
            )[:size]
        )
        full_text = getattr(settings, "NASHIR_FEED_FULL_TEXT", True)
        if full_text:
            prefetch_bodies(articles, obj.request)
        domain = obj.request.get_host().split(":")[0]
        for article in articles:
            article.feed_link = article.get_url(obj.request)
            article.feed_authors = [b.author for b in article.bylines.all()]
            article.feed_tags = [t.tag.name for t in article.tagged_items.all()]
            article.feed_content = body_html(article, obj.request) if full_text else None
            article.feed_image = self.image(obj.request, article)
            article.feed_guid = f"tag:{domain},{article.published_at:%Y-%m-%d}:article/{article.pk}"
        return articles

    def image(self, request, article):
        image = article.featured_image
        if image is None:
            return None
        rendition = image.get_rendition(FEED_IMAGE_SPEC)
        extension = rendition.file.name.rsplit(".", 1)[-1].lower()
        mime = {"jpg": "image/jpeg", "jpeg": "image/jpeg"}.get(extension, f"image/{extension}")
        return {
            "url": absolute(request, rendition.url),
            "type": mime,
            "width": rendition.width,
            "height": rendition.height,
        }

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.feed_link

    def item_description(self, item):
        return item.summary

    def item_author_name(self, item):
        return "، ".join(author.name for author in item.feed_authors) or None

    def item_author_link(self, item):
        if len(item.feed_authors) == 1:
            return item.feed_authors[0].get_absolute_url()
        return None

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.published_at

    def item_categories(self, item):
        return item.feed_tags

    def item_guid(self, item):
        return item.feed_guid

    def item_guid_is_permalink(self, item):
        return False

    def item_extra_kwargs(self, item):
        return {"content": item.feed_content, "image": item.feed_image}


class SectionFeed(ArticlesFeed):
    def scope(self, request, branding, slug):
        section = get_object_or_404(SectionPage.objects.live().public(), slug=slug)
        return FeedScope(
            request,
            f"{section.title} — {branding.site_name}",
            section.url,
            section.intro or f"آخر مقالات قسم {section.title}",
            ArticlePage.objects.filter(section=section),
        )


class AuthorFeed(ArticlesFeed):
    def scope(self, request, branding, slug):
        author = get_object_or_404(Author, slug=slug)
        return FeedScope(
            request,
            f"{author.name} — {branding.site_name}",
            author.get_absolute_url(),
            f"آخر ما كتبه {author.name}",
            ArticlePage.objects.filter(bylines__author=author),
        )


class TagFeed(ArticlesFeed):
    def scope(self, request, branding, slug):
        tag = get_object_or_404(Tag, slug=slug)
        return FeedScope(
            request,
            f"{tag.name} — {branding.site_name}",
            reverse("tag", kwargs={"slug": tag.slug}),
            f"آخر المقالات الموسومة «{tag.name}»",
            ArticlePage.objects.filter(tagged_items__tag=tag),
        )


def atom(feed_class):
    """The same feed as Atom 1.0."""
    return type(f"{feed_class.__name__}Atom", (feed_class,), {"feed_type": NewsAtomFeed})
