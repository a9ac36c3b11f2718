"""What browsers ask every site for: /favicon.ico, home-screen icons, the web app manifest,
and the brand colour's stylesheet when an editor has set one in «هوية الموقع».

The icons are drawn from «هوية الموقع» and kept in the cache under a key that changes with it;
the pages link them with that version in the URL, so they are cached for a long time.
"""

import json
import logging

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from . import icons
from .models import SiteBranding

logger = logging.getLogger(__name__)

ICON_CACHE_TTL = 24 * 3600
LONG_MAX_AGE = 365 * 24 * 3600


def _cache_control(response, request):
    """Immutable when the URL carries the version the pages link; a day for the bare names
    browsers ask for by themselves (/favicon.ico, /apple-touch-icon.png)."""
    if request.GET.get("v"):
        response["Cache-Control"] = f"public, max-age={LONG_MAX_AGE}, immutable"
    else:
        response["Cache-Control"] = "public, max-age=86400"
    return response


def _square(branding, size, maskable=False):
    """The editor's icon at this size, or the drawn mark (also when the upload cannot be read)."""
    if branding.icon_id:
        try:
            with branding.icon.open_file() as file:
                return icons.from_upload(file, size, maskable=maskable)
        except Exception:  # noqa: BLE001 — a missing or broken upload must not break the icon
            logger.warning("site icon %s could not be read; drawing the default", branding.icon_id)
    return icons.draw_mark(
        size, branding.brand_colour, icons.mark_letter(branding.site_name), maskable=maskable
    )


def _icon_bytes(branding, kind, size, maskable=False):
    key = f"nashir:icon:{branding.version}:{kind}:{size}:{int(maskable)}"
    data = cache.get(key)
    if data is None:
        if kind == "ico":
            data = icons.ico_bytes(_square(branding, max(icons.FAVICON_SIZES)))
        else:
            data = icons.png_bytes(_square(branding, size, maskable))
        cache.set(key, data, ICON_CACHE_TTL)
    return data


@require_safe
def favicon(request):
    branding = SiteBranding.for_request(request)
    response = HttpResponse(_icon_bytes(branding, "ico", 48), content_type="image/x-icon")
    return _cache_control(response, request)


@require_safe
def icon_png(request, size, maskable=False):
    if size not in icons.PNG_SIZES:
        raise Http404("لا توجد أيقونة بهذا الحجم.")
    branding = SiteBranding.for_request(request)
    response = HttpResponse(_icon_bytes(branding, "png", size, maskable), content_type="image/png")
    return _cache_control(response, request)


@require_safe
def apple_touch_icon(request):
    return icon_png(request, icons.APPLE_TOUCH_SIZE)


@require_safe
def manifest(request):
    """The web app manifest: the name and icons a phone uses when a reader adds the site to
    the home screen, in Arabic and right to left."""
    branding = SiteBranding.for_request(request)
    version = branding.version
    palette = branding.palette
    data = {
        "name": branding.site_name,
        "short_name": branding.site_name[:12],
        "description": branding.tagline,
        "lang": "ar",
        "dir": "rtl",
        "start_url": "/",
        "scope": "/",
        "display": "browser",
        "theme_color": palette["brand"],
        "background_color": "#ffffff",
        "icons": [
            *(
                {"src": f"/icon-{s}.png?v={version}", "sizes": f"{s}x{s}", "type": "image/png"}
                for s in icons.MANIFEST_SIZES
            ),
            {
                "src": f"/icon-512-maskable.png?v={version}",
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type="application/manifest+json"
    )
    return _cache_control(response, request)


def brand_stylesheet_text(palette):
    """The custom properties nashir.css reads the brand colour from, in both themes."""
    light = f"--brand: {palette['brand']}; --brand-bg: {palette['brand']};"
    dark = f"--brand: {palette['brand_dark']};"
    return (
        "/* «لون الهوية» from the site settings; the dark theme's shade is derived from it. */\n"
        f":root {{ {light} }}\n"
        f'@media screen {{ :root[data-theme="dark"] {{ {dark} }} }}\n'
        "@media screen and (prefers-color-scheme: dark) {"
        f' :root:not([data-theme="light"]) {{ {dark} }} }}\n'
    )


@require_safe
def brand_stylesheet(request):
    """A few bytes of CSS, linked after nashir.css only when the colour is not the default.
    A stylesheet (not an inline style) because the Content-Security-Policy allows no other."""
    branding = SiteBranding.for_request(request)
    response = HttpResponse(brand_stylesheet_text(branding.palette), content_type="text/css")
    return _cache_control(response, request)
