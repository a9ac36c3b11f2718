from django import template
from django.conf import settings
from wagtail.models import Site

from nashir.news.models import ArticlePage, SectionPage

register = template.Library()


def ticker_items(limit=None):
    """«آخر الأخبار»: breaking articles first, then the newest."""
    return list(
        ArticlePage.objects.published()
        .order_by("-breaking", "-published_at", "-pk")
        .only("title", "url_path", "breaking", "published_at", "path", "depth")[
            : limit or settings.NASHIR_TICKER_SIZE
        ]
    )


@register.inclusion_tag("components/ticker.html", takes_context=True)
def ticker(context):
    return {"items": ticker_items(), "request": context.get("request")}


@register.inclusion_tag("components/section_nav.html", takes_context=True)
def section_nav(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    sections = SectionPage.objects.live().filter(depth=3).order_by("path")
    if site:
        sections = sections.descendant_of(site.root_page)
    current = context.get("page")
    return {
        "sections": list(sections.only("title", "url_path", "path", "depth")),
        "current_path": getattr(current, "path", ""),
        "request": request,
    }
