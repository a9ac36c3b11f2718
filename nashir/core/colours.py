"""The brand colour an editor picks in «هوية الموقع», kept readable in both themes.

Pure functions on "#rrggbb" strings (WCAG 2 contrast), so they are tested without a database.
The brand colour colours links, rules and labels on the page and fills badges and buttons
behind white text: it must reach 4.5:1 against the light theme's paper (and its grey panels)
and against white. The dark theme gets a lighter shade of the same hue, computed here.
"""

import colorsys
import functools
import re

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_CONTRAST = 4.5  # WCAG 2 AA for body-size text
DARK_CONTRAST = 5.0  # a little more on dark paper, where thin Arabic strokes fade first

#: The backgrounds brand-coloured text sits on (nashir.css: --paper, --soft) in each theme.
LIGHT_BACKGROUNDS = ("#ffffff", "#f3f4f6")
DARK_BACKGROUNDS = ("#121417", "#1c1f24")
WHITE = "#ffffff"
DEFAULT_BRAND = "#b3261e"


def parse(value: str) -> tuple[int, int, int]:
    """ "#b3261e" → (179, 38, 30); ValueError for anything else."""
    value = (value or "").strip()
    if not HEX.match(value):
        raise ValueError(f"not a #rrggbb colour: {value!r}")
    return tuple(int(value[i : i + 2], 16) for i in (1, 3, 5))


def to_hex(rgb) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def normalise(value: str) -> str:
    return to_hex(parse(value))


def luminance(value: str) -> float:
    """WCAG relative luminance."""

    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in parse(value))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def worst_contrast(colour: str, backgrounds) -> float:
    return min(contrast(colour, bg) for bg in backgrounds)


def _with_lightness(colour: str, lightness: float) -> str:
    """The same hue and saturation at another HSL lightness (stays vivid, unlike a mix)."""
    h, _, s = colorsys.rgb_to_hls(*(c / 255 for c in parse(colour)))
    return to_hex(c * 255 for c in colorsys.hls_to_rgb(h, lightness, s))


def _nearest_readable(colour: str, towards: str, backgrounds, minimum: float) -> str:
    """The least change of lightness, towards white or black, that reads on every background."""
    colour = normalise(colour)
    if worst_contrast(colour, backgrounds) >= minimum:
        return colour
    start = colorsys.rgb_to_hls(*(c / 255 for c in parse(colour)))[1]
    end = 1.0 if towards == WHITE else 0.0
    low, high = 0.0, 1.0
    for _ in range(24):
        middle = (low + high) / 2
        candidate = _with_lightness(colour, start + (end - start) * middle)
        if worst_contrast(candidate, backgrounds) >= minimum:
            high = middle
        else:
            low = middle
    return _with_lightness(colour, start + (end - start) * high)


def light_problem(colour: str) -> str | None:
    """Why this colour cannot be the brand colour (in Arabic, for the editor), or None."""
    try:
        colour = normalise(colour)
    except ValueError:
        return "اكتب رمز اللون: # ثم ستة أحرف من 0–9 وa–f، مثل \u200e#b3261e\u200e."
    worst = worst_contrast(colour, (*LIGHT_BACKGROUNDS, WHITE))
    if worst < MIN_CONTRAST:
        darker = _nearest_readable(colour, "#000000", (*LIGHT_BACKGROUNDS, WHITE), MIN_CONTRAST)
        return (
            f"هذا اللون فاتح فلا يُقرأ على الخلفية البيضاء (التباين {worst:.1f}:1 والمطلوب"
            f" {MIN_CONTRAST}:1 على الأقل). جرّب درجة أغمق منه مثل \u200e{darker}\u200e."
        )
    return None


def dark_variant(colour: str) -> str:
    """The same hue, lightened until it reads on the dark theme's backgrounds."""
    return _nearest_readable(colour, WHITE, DARK_BACKGROUNDS, DARK_CONTRAST)


def brand_palette(colour: str) -> dict:
    """What the stylesheet needs: the colour for text and fills (light), and for text (dark)."""
    return dict(_palette(colour))


@functools.lru_cache(maxsize=64)
def _palette(colour: str) -> tuple:
    # Every page's <head> asks for it: the dark shade's search is ~100 contrast sums.
    colour = normalise(colour)
    return (("brand", colour), ("brand_dark", dark_variant(colour)))
