"""Demo pictures: a scene that fits each story, the same one every time, small, and varied."""

import io

from PIL import Image

from nashir.demo import content
from nashir.demo.images import portrait_jpeg, scene_jpeg, subject_for


def test_stories_get_a_scene_that_fits_them():
    """A storm gets the coast, a derby the stadium, a book fair shelves of books."""
    assert subject_for("coastal-storm-warning", "syria") == "coast"
    assert subject_for("league-derby-shahba-assi", "sport") == "stadium"
    assert subject_for("damascus-book-fair-opens", "culture") == "books"
    assert subject_for("bread-bundle-price", "economy") == "market"  # «bread» is not «read»
    assert subject_for("amman-arab-water-security-meeting", "arab-world") == "conference"
    assert subject_for("something-else", "sport") == "stadium"  # by section


def test_pictures_are_deterministic_small_and_varied():
    """The same slug gives the same bytes; every demo picture is a modest JPEG; no two of the
    demo's stories share a picture, and at least eight kinds of scene are used."""
    pictures = [scene_jpeg(a["slug"], a["section"]) for a in content.ARTICLES[:8]]
    assert scene_jpeg(content.ARTICLES[0]["slug"], content.ARTICLES[0]["section"]) == pictures[0]
    assert len(set(pictures)) == len(pictures)
    for data in pictures:
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG" and image.size == (1200, 675)
        assert len(data) < 120_000
    scenes = {subject_for(a["slug"], a["section"]) for a in content.ARTICLES}
    assert len(scenes) >= 8, scenes


def test_two_stories_with_one_scene_do_not_look_alike():
    """Framing and light vary with the slug: the average colours differ."""

    def mean(data):
        small = Image.open(io.BytesIO(data)).convert("RGB").resize((1, 1))
        return small.getpixel((0, 0))

    a = mean(scene_jpeg("students-one", "syria", scene="classroom"))
    b = mean(scene_jpeg("students-two", "syria", scene="classroom"))
    assert a != b


def test_portraits_are_square_jpegs():
    """Author photos for the demo's writers."""
    image = Image.open(io.BytesIO(portrait_jpeg("hala")))
    assert image.size == (400, 400)
