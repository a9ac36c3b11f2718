"""Original demo pictures drawn locally: calm abstract scenes, one palette per section."""

import hashlib
import io
import random

from PIL import Image, ImageDraw, ImageFilter

PALETTES = {
    "syria": ((196, 90, 60), (245, 214, 170)),
    "arab-world": ((40, 90, 140), (190, 220, 240)),
    "economy": ((30, 110, 80), (210, 235, 200)),
    "culture": ((120, 60, 130), (235, 205, 240)),
    "sport": ((20, 120, 150), (200, 240, 230)),
    "opinion": ((90, 90, 100), (225, 225, 230)),
}


def _rng(key):
    return random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:12], 16))


def scene_jpeg(key, palette_key, size=(1200, 675)):
    """A landscape of hills, sun and buildings; the same key always gives the same picture."""
    rng = _rng(key)
    dark, light = PALETTES.get(palette_key, PALETTES["opinion"])
    width, height = size
    img = Image.new("RGB", size, light)
    draw = ImageDraw.Draw(img)
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(light[i] * (1 - t * 0.35) + dark[i] * t * 0.35) for i in range(3)),
        )
    sun_x, sun_y, r = rng.randint(100, width - 100), rng.randint(60, 220), rng.randint(40, 90)
    draw.ellipse([sun_x - r, sun_y - r, sun_x + r, sun_y + r], fill=(255, 236, 180))
    for layer in range(3):
        base = int(height * (0.55 + layer * 0.13))
        shade = tuple(int(dark[i] * (0.55 + 0.2 * layer)) for i in range(3))
        points = [(0, height)]
        for x in range(0, width + 80, 80):
            points.append((x, base + rng.randint(-40, 40)))
        points.append((width, height))
        draw.polygon(points, fill=shade)
    x = rng.randint(0, 200)
    while x < width:
        w, h = rng.randint(40, 110), rng.randint(60, 260)
        top = int(height * 0.8) - h
        draw.rectangle([x, top, x + w, int(height * 0.8)], fill=tuple(c // 2 for c in dark))
        for wy in range(top + 10, int(height * 0.8) - 10, 24):
            for wx in range(x + 8, x + w - 8, 18):
                if rng.random() < 0.5:
                    draw.rectangle([wx, wy, wx + 7, wy + 10], fill=(250, 220, 140))
        x += w + rng.randint(10, 120)
    img = img.filter(ImageFilter.SMOOTH)
    return _encode(img)


def portrait_jpeg(key, size=(400, 400)):
    """An abstract head-and-shoulders silhouette for an author photo."""
    rng = _rng(key)
    bg = tuple(rng.randint(120, 220) for _ in range(3))
    fg = tuple(max(0, c - 90) for c in bg)
    img = Image.new("RGB", size, bg)
    draw = ImageDraw.Draw(img)
    w, h = size
    draw.ellipse([w * 0.32, h * 0.18, w * 0.68, h * 0.58], fill=fg)
    draw.ellipse([w * 0.12, h * 0.62, w * 0.88, h * 1.3], fill=fg)
    return _encode(img)


def _encode(img):
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=82, optimize=True)
    return buf.getvalue()
