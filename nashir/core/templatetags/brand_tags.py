"""The site's identity on every page: icons, theme colour, the brand stylesheet, the logo."""

from django import template

from nashir.core.icons import mark_letter
from nashir.core.models import SiteBranding

register = template.Library()


def _branding(context):
    request = context.get("request")
    if request is None:
        return SiteBranding()
    return SiteBranding.for_request(request)


@register.inclusion_tag("components/brand_head.html", takes_context=True)
def brand_head(context):
    """Icons, manifest and theme colour, versioned so a change in «هوية الموقع» reaches
    browsers; /brand.css only when the brand colour is not the default."""
    branding = _branding(context)
    return {
        "version": branding.version,
        "palette": branding.palette,
        "custom_colour": branding.has_custom_colour,
    }


@register.inclusion_tag("components/brand_logo.html", takes_context=True)
def brand_logo(context):
    """The editor's logo, or the wordmark: the mark (as in the favicon) and the site name."""
    branding = _branding(context)
    return {"branding": branding, "letter": mark_letter(branding.site_name)}
