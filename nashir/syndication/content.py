"""The publisher's logo, for structured data and feeds."""

from django.templatetags.static import static

from nashir.core.links import absolute


def publisher_logo(request, branding):
    """The logo Google asks for: the uploaded one as a PNG rendition, else the bundled PNG."""
    if branding is not None and branding.logo_id:
        rendition = branding.logo.get_rendition("max-600x600|format-png")
        return {
            "url": absolute(request, rendition.url),
            "width": rendition.width,
            "height": rendition.height,
        }
    return {"url": absolute(request, static("img/logo.png")), "width": 512, "height": 512}
