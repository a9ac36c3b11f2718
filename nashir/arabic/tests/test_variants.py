"""Everyday variant spellings of Arabic news text: each rule of docs/search.md, both ways.

A case passes when a reader typing one spelling finds a text written with the other: every
word of the query meets the text under one of its readings (what the search engine checks).
"""

import pytest

from nashir.arabic import analyse, analyse_query, hamza_readings, normalise, tokenize


def finds(query: str, text: str) -> bool:
    terms = set(analyse(text))
    slots = analyse_query(query)
    return bool(slots) and all(terms.intersection(slot) for slot in slots)


def both_ways(a: str, b: str) -> bool:
    return finds(a, b) and finds(b, a)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("مسؤول", "مسئول"),  # Egyptian papers write the hamza on a yeh seat
        ("المسؤولين", "المسئولين"),
        ("مسؤولية", "مسئولية"),
        ("الشؤون", "الشئون"),
        ("رؤوس", "رءوس"),  # on the line
        ("يقرؤون", "يقرءون"),
        ("قراءة", "قرائة"),
        ("وزراؤها", "وزرائها"),  # the seat follows the grammatical case
        ("وزراءها", "وزرائها"),
        ("تفاؤل", "تفائل"),
    ],
)
def test_hamza_seats_are_one_letter(one, other):
    """Rule «hamza seats»: ؤ, ئ and ء on the line are one letter to search."""
    assert both_ways(one, other)


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("مؤسسة", "موسسة"),
        ("مؤتمر", "موتمر"),
        ("دائما", "دايما"),
        ("الجزائر", "الجزاير"),
        ("قائمة", "قايمة"),
    ],
)
def test_hamza_left_out_keeps_its_seat(written, typed):
    """Rule «hamza left out»: a reader who types the seat without the hamza still finds it."""
    assert both_ways(written, typed)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("شيء", "شئ"),
        ("شيء", "شىء"),
        ("شيء", "شيئ"),
        ("شيء", "شيئا"),
        ("بريء", "برئ"),
        ("شاطئ", "شاطىء"),
        ("مبادئ", "مبادىء"),
    ],
)
def test_final_hamza_after_yeh(one, other):
    """Rule «final hamza after yeh»: شيء, شئ, شىء and شيئ are one word (old and new spelling)."""
    assert both_ways(one, other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("مائة", "مئة"), ("ثلاثمائة", "ثلاثمئة"), ("بالمائة", "بالمئة"), ("خمسمائة", "خمسمئة")],
)
def test_hundred_old_and_new_spelling(one, other):
    """Rule «مائة»: the older spelling of the hundred meets the modern one."""
    assert both_ways(one, other)


def test_words_ending_like_the_hundred_are_left_alone():
    """علمائه (his scholars) is not «a hundred»: it meets علماؤه, not مئة."""
    assert both_ways("علمائه", "علماؤه")
    assert not finds("مئة", "علمائه")


@pytest.mark.parametrize(
    ("borrowed", "plain"),
    [
        ("ڤيينا", "فيينا"),
        ("پاكستان", "باكستان"),
        ("الچلبي", "الجلبي"),
        ("ژوليت", "زوليت"),
        ("گوران", "كوران"),
        ("ݣلميم", "كلميم"),
        ("ڭلميم", "كلميم"),
    ],
)
def test_letters_borrowed_for_foreign_sounds(borrowed, plain):
    """Rule «borrowed letters»: ڤ پ چ ژ گ are written with the plain Arabic letter as often."""
    assert both_ways(borrowed, plain)


@pytest.mark.parametrize("grouped", ["15,000", "١٥٬٠٠٠", "15٬000"])
def test_digit_grouping(grouped):
    """Rule «digit grouping»: 15,000 and ١٥٬٠٠٠ are the 15000 a reader types."""
    assert both_ways(grouped, "15000")
    assert tokenize(f"نحو {grouped} نازح") == ["نحو", "15000", "نازح"]


def test_digit_grouping_leaves_lists_and_decimals_alone():
    """«2019,2020» and «3,5» are not thousands: they stay two numbers."""
    assert tokenize("2019,2020 و3,5") == ["2019", "2020", "و3", "5"]
    assert normalise("1,250,000") == "1250000"


@pytest.mark.parametrize(
    ("one", "other"),
    [("عبد الله", "عبدالله"), ("عبد الرحمن", "عبدالرحمن"), ("لعبد العزيز", "لعبدالعزيز")],
)
def test_names_with_abd_in_one_word_or_two(one, other):
    """Rule «عبد»: عبد الله and عبدالله are one name."""
    assert both_ways(one, other)


def test_hamza_readings_fold_first_then_drop():
    """The folded reading comes first (it is the word's own stem), then the seat without hamza."""
    assert hamza_readings("مسؤول") == ("مسءول", "مسوول")
    assert hamza_readings("سماء") == ("سماء",)
    assert hamza_readings("غزه") == ("غزه",)


def test_normalise_alone_still_drops_the_hamza_and_keeps_the_seat():
    """normalise() (for comparisons outside search, e.g. the comment blocklist) is unchanged."""
    assert normalise("مؤتمر رئيس") == "موتمر رييس"
    assert normalise("مؤتمر رئيس", keep_hamza_seats=True) == "مؤتمر رئيس"


def test_a_name_with_abd_is_marked_whole_in_snippets_and_headlines():
    """«عبدالرحمن» marks «عبد الرحمن» in the text (both words), as it matched it."""
    from nashir.arabic import highlight_terms

    text = "قال عبد الرحمن الخطيب إن عبد الله سيحضر، والعبد لله"
    spans = highlight_terms(text, analyse("عبدالرحمن"))
    assert [text[a:b] for a, b in spans] == ["عبد الرحمن"]
    spans = highlight_terms(text, analyse("عبد"))  # found by «والعبد» alone, as search finds it
    assert [text[a:b] for a, b in spans] == ["والعبد"]
