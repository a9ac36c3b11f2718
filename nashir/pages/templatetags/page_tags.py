from django import template
from django.core.cache import cache
from wagtail.models import Site

from nashir.core import pagecache

from ..models import StandardPage

register = template.Library()

FOOTER_KEY = pagecache.register_fragment("fragment:footer-pages", purged_by={"site"})


def footer_pages(request):
    """Standard pages marked «إظهار في القوائم», in the order of the page tree."""
    entries = cache.get(FOOTER_KEY)
    if entries is None:
        pages = StandardPage.objects.live().public().filter(show_in_menus=True).order_by("path")
        site = Site.find_for_request(request) if request else None
        if site:
            pages = pages.descendant_of(site.root_page)
        entries = [
            {"title": p.title, "url": p.get_url(request)}
            for p in pages.only("title", "url_path", "path", "depth")
        ]
        cache.set(FOOTER_KEY, entries, 3600)
    return entries


@register.inclusion_tag("components/footer_pages.html", takes_context=True)
def footer_links(context):
    return {"pages": footer_pages(context.get("request"))}
