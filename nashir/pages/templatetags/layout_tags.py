"""The frame around every page: the menu panel and the footer. Both read the cached lists the
navigation and the footer links already keep (no query once warm)."""

from django import template

from nashir.news.templatetags.news_tags import section_entries
from nashir.pages.templatetags.page_tags import footer_pages

register = template.Library()


@register.inclusion_tag("components/site_menu.html", takes_context=True)
def site_menu(context):
    """Every section and the newsroom's own pages, opened by «القائمة» in the header."""
    request = context.get("request")
    return {"sections": section_entries(request), "pages": footer_pages(request)}


@register.inclusion_tag("components/site_footer.html", takes_context=True)
def site_footer(context):
    """Sections, the newsroom's pages («من نحن»، «اتصل بنا»…) and the feeds."""
    request = context.get("request")
    return {
        "sections": section_entries(request),
        "settings": context.get("settings"),
        "request": request,
    }
