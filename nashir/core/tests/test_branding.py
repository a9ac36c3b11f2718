"""«هوية الموقع»: the brand colour stays readable, the icons answer, the pages link them."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Site

from nashir.core import colours
from nashir.core.models import SiteBranding

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "nashir.css"


@pytest.mark.parametrize("colour", ["#b3261e", "#0b5394", "#1d6b3a", "#000000", "#6a1b9a"])
def test_a_readable_brand_colour_gets_a_readable_dark_shade(colour):
    """A colour that reads on white is accepted; its dark-theme shade reads on dark paper."""
    assert colours.light_problem(colour) is None
    palette = colours.brand_palette(colour)
    assert palette["brand"] == colour
    assert colours.worst_contrast(palette["brand_dark"], colours.DARK_BACKGROUNDS) >= 5.0
    assert colours.worst_contrast(colour, (*colours.LIGHT_BACKGROUNDS, "#ffffff")) >= 4.5


@pytest.mark.parametrize("colour", ["#c25e00", "#ffd400", "#8ab4f8", "#777777"])
def test_a_light_brand_colour_is_refused_with_a_darker_suggestion(colour):
    """Links in this colour would not read on white: the editor is told why, with a shade
    that would (and that shade passes)."""
    problem = colours.light_problem(colour)
    assert problem and "أغمق" in problem
    suggested = re.search(r"#[0-9a-f]{6}", problem).group(0)
    assert colours.light_problem(suggested) is None


@pytest.mark.parametrize("value", ["red", "#fff", "b3261e", "#b3261g", ""])
def test_a_malformed_colour_is_refused_in_arabic(value):
    """Only # and six hexadecimal digits are understood, and the message shows an example."""
    assert "#b3261e" in colours.light_problem(value)


def test_the_stylesheet_uses_the_colours_the_contrast_is_checked_against():
    """nashir.css and nashir.core.colours agree on the backgrounds and the default brand."""
    css = CSS.read_text()
    light = css[css.index(":root {") : css.index("@media screen {")]
    dark = css[css.index(':root[data-theme="dark"]') : css.index("@media screen and (prefers")]
    assert f"--paper: {colours.LIGHT_BACKGROUNDS[0]}" in light
    assert f"--soft: {colours.LIGHT_BACKGROUNDS[1]}" in light
    assert f"--brand: {colours.DEFAULT_BRAND}" in light
    assert f"--paper: {colours.DARK_BACKGROUNDS[0]}" in dark
    assert f"--soft: {colours.DARK_BACKGROUNDS[1]}" in dark
    assert f"--brand: {colours.dark_variant(colours.DEFAULT_BRAND)}" in dark


def test_no_letter_spacing_on_arabic_text():
    """Letter-spacing breaks Arabic joining: the stylesheet never sets it."""
    assert not re.search(r"letter-spacing\s*:", CSS.read_text())


@pytest.fixture
def branding(db):
    return SiteBranding.for_site(Site.objects.get(is_default_site=True))


def test_the_model_refuses_an_unreadable_colour(branding):
    """«لون الهوية» is validated when an editor saves it."""
    branding.brand_colour = "#ffd400"
    with pytest.raises(ValidationError) as error:
        branding.full_clean()
    assert "brand_colour" in error.value.message_dict
    branding.brand_colour = "#0B5394"
    branding.full_clean()
    assert branding.brand_colour == "#0b5394"


def icon_sizes(content):
    return sorted(Image.open(io.BytesIO(content)).info["sizes"])


def test_favicon_answers_with_a_drawn_default(client, branding):
    """/favicon.ico answers on every site, drawn from the name and colour when none is set."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert icon_sizes(response.content) == [(16, 16), (32, 32), (48, 48)]
    touch = client.get("/apple-touch-icon.png")
    assert touch.status_code == 200 and touch["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(touch.content)).size == (180, 180)
    # The drawn mark is in the brand colour.
    pixel = Image.open(io.BytesIO(touch.content)).convert("RGB").getpixel((20, 90))
    assert pixel == colours.parse(colours.DEFAULT_BRAND)
    assert client.get("/icon-64.png").status_code == 404


def test_the_manifest_names_the_site_in_arabic(client, branding):
    """A phone adding the site to its home screen gets its name, icons and colour, right to left."""
    branding.site_name = "صحيفة الغد"
    branding.save()
    data = json.loads(client.get("/manifest.webmanifest").content)
    assert data["name"] == "صحيفة الغد" and data["lang"] == "ar" and data["dir"] == "rtl"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code == 200, icon


def test_an_uploaded_icon_is_used(client, branding):
    """The editor's square picture becomes the favicon and the home-screen icon."""
    buffer = io.BytesIO()
    Image.new("RGB", (600, 400), (10, 200, 30)).save(buffer, format="PNG")
    image = get_image_model()(title="أيقونة")
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name="icon.png")
    image.save()
    branding.icon = image
    branding.save()
    touch = Image.open(io.BytesIO(client.get("/apple-touch-icon.png").content)).convert("RGB")
    assert touch.getpixel((90, 90)) == (10, 200, 30)
    favicon = client.get("/favicon.ico")
    assert icon_sizes(favicon.content) == [(16, 16), (32, 32), (48, 48)]


def test_pages_link_icons_and_the_brand_stylesheet_only_when_needed(client, branding, section):
    """Icons and manifest are linked with a version that changes with «هوية الموقع»; the brand
    stylesheet is linked only for a colour other than the default, and carries both shades."""
    html = client.get(section.url).content.decode()
    version = re.search(r'href="/favicon\.ico\?v=(\w+)"', html).group(1)
    assert 'rel="apple-touch-icon"' in html and 'rel="manifest"' in html
    assert "/brand.css" not in html
    assert f'<meta name="theme-color" content="{colours.DEFAULT_BRAND}">' in html

    branding.brand_colour = "#0b5394"
    branding.save()  # purges every cached page
    html = client.get(section.url).content.decode()
    assert f'href="/favicon.ico?v={version}"' not in html
    css_url = re.search(r'href="(/brand\.css\?v=\w+)"', html).group(1)
    css = client.get(css_url)
    assert css["Content-Type"].startswith("text/css")
    assert "immutable" in css["Cache-Control"]
    text = css.content.decode()
    assert "--brand: #0b5394" in text
    assert f"--brand: {colours.dark_variant('#0b5394')}" in text
    assert html.index("nashir") < html.index("/brand.css")  # after the main stylesheet


def test_home_title_is_the_site_name_and_its_tagline(client, branding, section):
    """The home page's <title> is not «ناشر | ناشر»."""
    branding.site_name, branding.tagline = "ناشر", "أخبار الناس"
    branding.save()
    html = client.get("/").content.decode()
    assert "<title>ناشر — أخبار الناس</title>" in html
    assert "<title>سوريا | ناشر</title>" in client.get(section.url).content.decode()


def test_the_default_logo_is_the_mark_and_the_name(client, branding, section):
    """Without a logo the header shows the site's mark (as in the favicon) and its name."""
    branding.site_name = "الغد"
    branding.save()
    html = client.get(section.url).content.decode()
    # The mark skips the article ال, as the favicon does.
    assert (
        '<span class="brand__mark" aria-hidden="true">غ</span><span class="brand__name">الغد</span>'
        in html
    )
