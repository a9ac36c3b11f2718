"""schema.org data for search engines: NewsArticle, BreadcrumbList and the home page's WebSite."""

import json

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from nashir.core.links import absolute

from .content import publisher_logo

ARTICLE_IMAGE_SPECS = ("fill-1200x675", "fill-1200x900", "fill-1200x1200")  # 16:9, 4:3, 1:1
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def to_json_ld(data):
    """JSON that cannot close its ``<script>`` element, Arabic kept readable."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)


def iso(dt):
    """ISO 8601 with the newsroom's UTC offset, as Google asks."""
    return timezone.localtime(dt).isoformat(timespec="seconds") if dt else None


def organization(request, branding):
    logo = publisher_logo(request, branding)
    return {
        "@type": "Organization",
        "name": branding.site_name,
        "url": absolute(request, "/"),
        "logo": {"@type": "ImageObject", **logo},
    }


def article_images(request, article):
    if not article.featured_image_id:
        return []
    renditions = article.featured_image.get_renditions(*ARTICLE_IMAGE_SPECS)
    return [absolute(request, renditions[spec].url) for spec in ARTICLE_IMAGE_SPECS]


def news_article(request, article, branding, canonical, authors, tags):
    images = article_images(request, article) or [publisher_logo(request, branding)["url"]]
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.summary,
        "image": images,
        "datePublished": iso(article.published_at),
        "dateModified": iso(article.last_published_at or article.published_at),
        "author": [
            {
                "@type": "Organization" if author.is_desk else "Person",
                "name": author.name,
                "url": absolute(request, author.get_absolute_url()),
            }
            for author in authors
        ],
        "publisher": organization(request, branding),
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
        "inLanguage": "ar",
        "articleSection": article.section.title if article.section_id else None,
        "keywords": [tag.name for tag in tags],
    }


def breadcrumbs(request, trail):
    """``trail``: (name, relative URL) from the home page down to the current page."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": absolute(request, url)}
            for n, (name, url) in enumerate(trail, start=1)
        ],
    }


def search_url_template(request):
    try:
        path = reverse("search")
    except NoReverseMatch:
        path = "/search/"
    return absolute(request, path) + "?q={search_term_string}"


def website(request, branding):
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": branding.site_name,
        "url": absolute(request, "/"),
        "inLanguage": "ar",
        "publisher": organization(request, branding),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": search_url_template(request)},
            "query-input": "required name=search_term_string",
        },
    }
