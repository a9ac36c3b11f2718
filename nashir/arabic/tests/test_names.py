import pytest

from nashir.arabic import genitive, initials


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("فريق التحرير", "ف\u200cت"),
        ("رامي الحداد", "ر\u200cح"),
        ("الحداد", "ح"),
        ("أبو سامر", "أ\u200cس"),
        ("الى", "ا"),  # too short to be ال + a word
        ("john smith", "J\u200cS"),
        ("  ", "؟"),
    ],
)
def test_initials_skip_the_article(name, expected):
    """«فريق التحرير» is abbreviated «فت» as a reader would, not «فا»."""
    assert initials(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("أبو سامر", "أبي سامر"),
        ("أبا سامر", "أبي سامر"),
        ("ابو خليل", "ابي خليل"),
        ("أبي سامر", "أبي سامر"),
        ("أخو الجبل", "أخي الجبل"),
        ("ذو الفقار", "ذي الفقار"),
        ("ذا النون", "ذي النون"),
        ("حمو أحمد", "حمي أحمد"),
        ("منى", "منى"),
        ("أحمد أبو زيد", "أحمد أبو زيد"),  # a family name keeps its form
        ("أبو", "أبو"),  # a word alone is not a kunya
        ("أبوظبي", "أبوظبي"),
        ("Abu Samer", "Abu Samer"),
    ],
)
def test_genitive_after_a_preposition(name, expected):
    """«ردّ على أبو سامر» reads «ردّ على أبي سامر»: the five nouns follow the case."""
    assert genitive(name) == expected
