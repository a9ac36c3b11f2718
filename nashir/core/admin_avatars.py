"""Editors' avatars drawn here, from their initials: nothing about them is sent to another site.

Wagtail asks gravatar.com for each editor's picture by the hash of their e-mail address on every
admin page (a request that tells a third party who works in the newsroom, and a broken image
offline). With ``WAGTAIL_GRAVATAR_PROVIDER_URL = None`` it falls back to one grey silhouette;
this draws the editor's initials on a colour of their own instead, as the comments do, in an
SVG data URL (no request at all). A picture uploaded under «الحساب» is still preferred.
"""

import hashlib
from base64 import b64encode

from django.utils.html import escape

from nashir.arabic import initials

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="{size}" height="{size}">'
    '<rect width="100" height="100" fill="hsl({hue} 45% 32%)"/>'
    '<text x="50" y="50" dy=".36em" text-anchor="middle" fill="#fff" font-size="40" '
    'font-weight="700" font-family="Noto Sans Arabic, Noto Sans, DejaVu Sans, sans-serif">'
    "{letters}</text></svg>"
)


def display_name(user):
    return (user.get_full_name() or "").strip() or user.get_username()


def hue_for(user):
    """A stable colour per account, so an editor is recognised at a glance in lists."""
    digest = hashlib.sha256(str(user.pk or user.get_username()).encode()).digest()
    return digest[0] * 360 // 256


def initials_avatar_url(user, size=50):
    svg = SVG.format(size=size, hue=hue_for(user), letters=escape(initials(display_name(user))))
    return "data:image/svg+xml;base64," + b64encode(svg.encode()).decode()


def avatar_url(user, size=50):
    """Wagtail's `get_avatar_url` hook: None leaves an uploaded picture to Wagtail."""
    profile = getattr(user, "wagtail_userprofile", None)
    if profile is not None and profile.avatar:
        return None
    if not getattr(user, "pk", None) and not getattr(user, "username", ""):
        return None
    return initials_avatar_url(user, size)
