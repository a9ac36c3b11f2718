"""The site's icons (favicon, home-screen icons) from «هوية الموقع», or drawn when none is set.

The default is the masthead's mark: a rounded square in the brand colour with the first letter
of the site name in the headline face (the committed subset of Noto Naskh Arabic), so a new
site has a recognisable tab icon without an editor uploading anything.
"""

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from . import colours

FONT = Path(__file__).resolve().parents[1] / "static" / "fonts" / "nashir-naskh-bold.woff2"
FAVICON_SIZES = (16, 32, 48)
APPLE_TOUCH_SIZE = 180
MANIFEST_SIZES = (192, 512)
#: Sizes served under /icon-<size>.png.
PNG_SIZES = {APPLE_TOUCH_SIZE, *MANIFEST_SIZES}


def mark_letter(site_name):
    """The letter of the mark: the first letter of the name, skipping the article «ال»."""
    from nashir.arabic import initials

    return initials(site_name or "")[:1] or "ن"


def _font(size):
    try:
        return ImageFont.truetype(str(FONT), size)
    except OSError:  # the font file is missing or unreadable: Pillow's own face
        return ImageFont.load_default(size)


def _is_arabic(letter):
    """The committed subset is Arabic only: another initial is drawn in Pillow's own face."""
    return "\u0600" <= letter <= "\u06ff"


def draw_mark(size, colour, letter, maskable=False):
    """A square icon: the brand colour, the letter in white, centred on its ink."""
    scale = 4  # drawn large and reduced, for smooth edges
    big = size * scale
    colour = colours.parse(colours.normalise(colour))
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:  # Android crops maskable icons to its own shape: fill the square
        draw.rectangle([0, 0, big, big], fill=colour)
    else:
        draw.rounded_rectangle([0, 0, big - 1, big - 1], radius=big * 0.2, fill=colour)
    if _is_arabic(letter):
        font = _font(int(big * (0.58 if maskable else 0.72)))
    else:
        font = ImageFont.load_default(int(big * (0.45 if maskable else 0.55)))
    left, top, right, bottom = draw.textbbox((0, 0), letter, font=font)
    x = (big - (right - left)) / 2 - left
    y = (big - (bottom - top)) / 2 - top
    draw.text((x, y), letter, font=font, fill=(255, 255, 255, 255))
    return image.resize((size, size), Image.LANCZOS)


def from_upload(file, size, maskable=False):
    """An editor's icon, cropped to a centred square and scaled. A maskable one keeps it in
    the middle 80% (the part every phone's mask shows), on white."""
    with Image.open(file) as uploaded:
        uploaded = ImageOps.exif_transpose(uploaded).convert("RGBA")
        if not maskable:
            return ImageOps.fit(uploaded, (size, size), Image.LANCZOS)
        inner = round(size * 0.8)
        square = Image.new("RGBA", (size, size), (255, 255, 255, 255))
        fitted = ImageOps.fit(uploaded, (inner, inner), Image.LANCZOS)
        square.alpha_composite(fitted, ((size - inner) // 2, (size - inner) // 2))
        return square


def png_bytes(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def ico_bytes(image):
    """A favicon.ico holding 16, 32 and 48 px, from one large square image."""
    buffer = io.BytesIO()
    image.save(buffer, format="ICO", sizes=[(s, s) for s in FAVICON_SIZES])
    return buffer.getvalue()
