from django import template
from wagtail.models import Site

from nashir.pagecache import Fragment

from ..models import StandardPage

register = template.Library()

FOOTER = Fragment("footer-pages", purged_by=[])


def footer_pages(request):
    """Standard pages marked «إظهار في القوائم», in the order of the page tree."""

    site = Site.find_for_request(request) if request else None

    def pages_of_site():
        pages = StandardPage.objects.live().public().filter(show_in_menus=True).order_by("path")
        if site:
            pages = pages.descendant_of(site.root_page)
        return [
            {"title": p.title, "url": p.get_url(request)}
            for p in pages.only("title", "url_path", "path", "depth")
        ]

    return FOOTER.get_or_set(pages_of_site, part=getattr(site, "pk", 0))


@register.inclusion_tag("components/footer_pages.html", takes_context=True)
def footer_links(context):
    return {"pages": footer_pages(context.get("request"))}
