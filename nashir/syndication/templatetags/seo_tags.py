"""What the ``<head>`` tells search engines and social sites about the page being shown."""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from taggit.models import Tag

from nashir.core.links import absolute
from nashir.core.models import SiteBranding
from nashir.news.models import ArticlePage, HomePage, SectionPage
from nashir.people.models import Author

from .. import structured_data as sd
from ..content import publisher_logo

register = template.Library()

OG_IMAGE_SPEC = "fill-1200x630"


def _feeds(kind, title, slug=None):
    """RSS and Atom links for one feed (``kind`` None means the whole site)."""
    if kind is None:
        return [
            ("application/rss+xml", title, reverse("feed")),
            ("application/atom+xml", title, reverse("feed_atom")),
        ]
    kwargs = {"slug": slug}
    return [
        ("application/rss+xml", title, reverse(f"{kind}_feed", kwargs=kwargs)),
        ("application/atom+xml", title, reverse(f"{kind}_feed_atom", kwargs=kwargs)),
    ]


def _canonical(request, path):
    number = request.GET.get("page", "")
    if number.isdigit() and number != "1":
        path = f"{path}?page={number}"
    return absolute(request, path)


@register.simple_tag(takes_context=True)
def seo_head(context):
    """Canonical URL, description, OpenGraph/Twitter values, feed links and JSON-LD for one page."""
    request = context.get("request")
    if request is None:
        return {}
    branding = SiteBranding.for_request(request)
    page = context.get("page")
    tag, author = context.get("tag"), context.get("author")
    logo = publisher_logo(request, branding)
    seo = {
        "site_name": branding.site_name,
        "og_type": "website",
        "image": logo,
        "twitter_card": "summary",
        "feeds": _feeds(None, branding.site_name),
        "json_ld": [],
    }

    if isinstance(page, ArticlePage):
        authors, tags = page.byline_authors, page.tag_list
        seo["canonical"] = absolute(request, page.get_url(request))
        seo["title"] = page.seo_title or page.title
        seo["description"] = page.search_description or page.summary
        seo["og_type"] = "article"
        seo["article"] = {
            "published": sd.iso(page.published_at),
            "modified": sd.iso(page.last_published_at or page.published_at),
            "section": page.section.title if page.section_id else "",
            "tags": [t.name for t in tags],
            "authors": [absolute(request, a.get_absolute_url()) for a in authors],
        }
        if page.featured_image_id:
            rendition = page.featured_image.get_rendition(OG_IMAGE_SPEC)
            seo["image"] = {
                "url": absolute(request, rendition.url),
                "width": rendition.width,
                "height": rendition.height,
                "alt": page.image_caption or page.title,
            }
            seo["twitter_card"] = "summary_large_image"
        trail = [("الرئيسية", "/")]
        if page.section_id:
            trail.append((page.section.title, page.section.get_url(request)))
            seo["feeds"] += _feeds("section", page.section.title, page.section.slug)
        trail.append((page.title, page.get_url(request)))
        seo["json_ld"] = [
            sd.news_article(request, page, branding, seo["canonical"], authors, tags),
            sd.breadcrumbs(request, trail),
        ]
        # A page type may add to what an article says (a live page: LiveBlogPosting, its feed).
        if hasattr(page, "seo_extras"):
            page.seo_extras(request, seo, branding)
    elif isinstance(page, HomePage):
        seo["canonical"] = absolute(request, "/")
        seo["title"] = branding.site_name
        seo["description"] = page.search_description or branding.tagline
        seo["json_ld"] = [sd.website(request, branding)]
    elif isinstance(page, SectionPage):
        seo["canonical"] = _canonical(request, page.get_url(request))
        seo["title"] = page.seo_title or page.title
        seo["description"] = page.search_description or page.intro or branding.tagline
        seo["feeds"] = _feeds("section", page.title, page.slug) + seo["feeds"]
        seo["json_ld"] = [sd.breadcrumbs(request, [("الرئيسية", "/"), (page.title, page.url)])]
    elif isinstance(tag, Tag):
        seo["canonical"] = _canonical(request, reverse("tag", kwargs={"slug": tag.slug}))
        seo["title"] = f"وسم: {tag.name}"
        seo["description"] = f"كل المقالات الموسومة «{tag.name}»."
        seo["feeds"] = _feeds("tag", f"وسم: {tag.name}", tag.slug) + seo["feeds"]
    elif isinstance(author, Author):
        seo["canonical"] = _canonical(request, author.get_absolute_url())
        seo["title"] = author.name
        seo["description"] = author.bio or author.name
        seo["feeds"] = _feeds("author", author.name, author.slug) + seo["feeds"]
    elif page is not None:
        seo["canonical"] = absolute(request, page.get_url(request))
        seo["title"] = page.seo_title or page.title
        seo["description"] = page.search_description or branding.tagline

    seo["json_ld"] = [mark_safe(sd.to_json_ld(data)) for data in seo["json_ld"]]
    return seo
