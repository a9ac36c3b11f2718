import pytest

from nashir.arabic import (
    analyse,
    analyse_query,
    analysed_text,
    highlight_terms,
    normalise,
    stem,
    word_stems,
)


def stems(*words: str) -> set[str]:
    return {stem(normalise(word)) for word in words}


@pytest.mark.parametrize(
    "group",
    [
        ["المفاوضات", "مفاوضات", "والمفاوضات", "بالمفاوضات", "مفاوضة", "للمفاوضات", "مفاوضاتها"],
        ["السرية", "سرية", "السريه", "سري"],
        ["الأسد", "الاسد", "الأسَد", "الأســد", "بالأسد", "والأسد", "أسد"],
        ["الحكومة", "حكومة", "للحكومة", "الحكومه", "حكومتها", "حكومته", "حكومات", "وحكومة"],
        ["الانتخابات", "انتخابات", "الانتخاب", "انتخاب", "والانتخابات"],
        ["المدينة", "مدينة", "مدينه", "بالمدينة"],
        ["فلسطين", "الفلسطينيين", "الفلسطيني", "فلسطينية", "فلسطينيون"],
        ["سوريا", "سورية", "السورية", "السوري", "السوريين"],
        ["لبنان", "اللبناني", "اللبنانية", "لبنانيون"],
        ["ألمانيا", "الألماني", "الألمانية"],
        ["بريطانيا", "البريطاني", "البريطانية"],
        ["المواطن", "مواطن", "المواطنين", "مواطنون"],
        ["المعلمون", "معلمين", "المعلمين", "معلم", "معلمة"],
        ["كتاب", "الكتاب", "بالكتاب", "كتابه", "كتابها", "كتابهم"],
        ["الرئيس", "رئيس", "رئيسا", "للرئيس", "رئيسها"],
        ["القوات", "قوات", "قواتها", "قواته"],
        ["البيان", "بيان", "البيانات", "بيانات"],
        ["الوزير", "وزير", "والوزير", "وزيرة"],
        ["قال", "وقال"],
        ["الله", "لله", "بالله", "والله"],
    ],
)
def test_spelling_variants_share_a_stem(group):
    """Article, clitics, ة/ه, tashkeel, tatweel, plural and nisba endings all meet."""
    assert len(stems(*group)) == 1, {word: stem(normalise(word)) for word in group}


@pytest.mark.parametrize("word", ["ولد", "بلد", "كتب", "وطن", "فهم", "لعب", "بيت", "حق", "سد"])
def test_short_words_are_not_destroyed(word):
    """Words that merely start with a clitic-like letter keep all their letters."""
    assert stem(word) == word


@pytest.mark.parametrize(
    ("word", "expected"),
    [("الولد", "ولد"), ("البلد", "بلد"), ("الحق", "حق"), ("السد", "سد"), ("الف", "الف")],
)
def test_article_needs_two_letters_left(word, expected):
    """ال goes only if a real (two-letter or longer) word remains."""
    assert stem(word) == expected


@pytest.mark.parametrize(
    "word", ["فلسطين", "فرنسا", "بريطانيا", "لبنان", "بغداد", "كندا", "باريس", "لندن"]
)
def test_bare_one_letter_clitics_are_left_alone(word):
    """ب ك ل ف start too many real names to strip without an article behind them."""
    assert stem(word)[0] == word[0]


def test_stems_keep_at_least_two_letters():
    """No rule may grind a word down to a single letter."""
    words = [
        "بيان",
        "قوة",
        "سنة",
        "ذات",
        "بات",
        "ماء",
        "يد",
        "اب",
        "ام",
        "حي",
        "علي",
        "اله",
        "لون",
        "دين",
        "امن",
        "قانون",
        "عمان",
    ]
    for word in words:
        assert len(stem(normalise(word))) >= 2, word


@pytest.mark.parametrize("token", ["reuters", "covid19", "2024", "3", "bbc"])
def test_latin_and_digits_pass_through(token):
    """Non-Arabic tokens are already normalised and are not stemmed."""
    assert stem(token) == token


def test_stem_output_is_plain_letters():
    """Stems contain only Arabic letters, whatever the input word looked like."""
    for word in analyse("الحُكومةُ السُّوريّة تُؤكِّد: المفاوضاتُ مستمرّةٌ ﻻ تـــقول"):
        assert word.isalpha(), word


def test_analyse_drops_stopwords_and_stems():
    """Function words vanish; content words come out stemmed."""
    assert analyse("قالت الحكومة في بيان إن المفاوضات مع قسد مستمرة") == [
        stem("قالت"),
        stem("الحكومه"),
        stem("بيان"),
        stem("يان"),  # بيان read as ب + يان as well: harmless, never a query on its own
        stem("المفاوضات"),
        stem("قسد"),
        stem("مستمره"),
    ]


def test_analyse_is_the_same_for_vowelled_and_plain_text():
    """A query typed without tashkeel finds a vowelled article, and vice versa."""
    assert analyse("الحُكُومَةُ السُّورِيَّةُ") == analyse("الحكومه السوريه")


def test_analyse_of_nothing_useful_is_empty():
    """Punctuation, stopwords and empty strings yield no terms."""
    assert analyse("") == []
    assert analyse("في من على إلى ... !!!") == []
    assert analyse("\ud800") == []


def test_analysed_text_is_space_separated_terms():
    """The indexable string is just the terms joined by single spaces."""
    text = 'قصف "غزة" NEAR(رفح) OR -داعش*'
    assert analysed_text(text) == " ".join(analyse(text))
    assert all(part.isalnum() for part in analysed_text(text).split(" "))


def test_highlight_spans_cover_whole_vowelled_words():
    """Spans index the original text, including each word's tashkeel and tatweel."""
    text = "قالَ الرَّئيسُ إنَّ الحُكُومَــةَ، والحكومات سترحل."
    spans = highlight_terms(text, analyse("الحكومة"))
    assert [text[start:end] for start, end in spans] == ["الحُكُومَــةَ", "والحكومات"]


def test_highlight_handles_invisible_characters_and_latin():
    """Bidi marks inside a word are spanned, not at its edges; Latin ignores case."""
    text = "\u200fغ\u200fزة — Reuters: GAZA غزة"
    spans = highlight_terms(text, analyse("غزة reuters"))
    assert [text[start:end] for start, end in spans] == ["غ\u200fزة", "Reuters", "غزة"]
    assert highlight_terms("\u200fغزة", analyse("غزة")) == [(1, 4)]


def test_highlight_with_no_terms_or_no_match():
    """Nothing to look for, or nothing found, gives no spans."""
    assert highlight_terms("الحكومة", []) == []
    assert highlight_terms("الحكومة", ["xyz"]) == []
    assert highlight_terms("", analyse("الحكومة")) == []


@pytest.mark.parametrize("junk", ["", " ", "غزة رفح", "*", '"', "\ud800"])
def test_stem_of_a_non_token_is_empty(junk):
    """stem() takes one word; anything else yields "" so it can never leak into the index."""
    assert stem(junk) == ""


@pytest.mark.parametrize(
    ("with_proclitic", "bare"),
    [
        ("بغزة", "غزة"),
        ("لغزة", "غزة"),
        ("كغزة", "غزة"),
        ("فغزة", "غزة"),
        ("وغزة", "غزة"),
        ("وبغزة", "غزة"),
        ("فلدمشق", "دمشق"),
        ("بدمشق", "دمشق"),
        ("لحلب", "حلب"),
        ("كقائد", "القائد"),
        ("بحكومتها", "الحكومة"),
    ],
)
def test_bare_proclitics_are_understood(with_proclitic, bare):
    """بغزة, لحلب, وبدمشق are indexed and searched as غزة, حلب, دمشق too."""
    assert stem(bare) in word_stems(normalise(with_proclitic))


@pytest.mark.parametrize("word", ["فرنسا", "بريطانيا", "لبنان", "كندا", "بغداد"])
def test_names_starting_with_a_proclitic_letter_keep_their_whole_reading(word):
    """فرنسا is still فرنسا first; the ف-less reading is only added beside it."""
    assert word_stems(normalise(word))[0] == stem(word)


@pytest.mark.parametrize("word", ["بيت", "ولد", "كتب", "لعب", "فهم", "بلد"])
def test_short_words_get_no_proclitic_reading(word):
    """A proclitic is only considered when three letters would remain."""
    assert word_stems(normalise(word)) == (stem(word),)


def test_article_forms_are_left_to_the_stemmer():
    """بالحكومة and للحكومة already lose their article: no extra reading is added."""
    assert word_stems(normalise("بالحكومة")) == (stem("الحكومة"),)
    assert word_stems(normalise("للحكومة")) == (stem("الحكومة"),)


def test_index_terms_cover_every_query_reading():
    """Whatever reading a query word takes, the document indexed with analyse() has it."""
    document = set(analyse("وصل الوفد بغزة ولبنان أمس"))
    for query in ["غزة", "بغزة", "لغزة", "لبنان", "الوفد"]:
        for slot in analyse_query(query):
            assert document & set(slot), query


def test_analyse_query_gives_one_slot_per_searchable_word():
    """Stopwords vanish; every other word becomes a tuple of its readings."""
    assert analyse_query("في بغزة والحكومة") == [("بغز", "غز"), (stem("الحكومة"),)]
    assert analyse_query('في من " * NEAR(') == [("near",)]
    assert analyse_query("") == []
