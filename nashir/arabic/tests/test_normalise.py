import re

import pytest

from nashir.arabic import MAX_TOKEN_LENGTH, STOPWORDS, is_stopword, normalise, tokenize

CLEAN_TOKEN = re.compile(r"^[a-z0-9\u0621-\u063a\u0641-\u064a\u00df-\u024f\u0671-\u06ff]+$")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("مَدْرَسَةٌ", "مدرسه"),  # harakat, tanween
        ("مُحَمَّد", "محمد"),  # shadda
        ("هٰذا", "هذا"),  # superscript alef U+0670
        ("الرَّحْمَٰنِ", "الرحمن"),
        ("قِيلَ ۖ وَ", "قيل  و"),  # Quranic pause mark U+06D6
        ("ذٰلِكَ ۚ", "ذلك "),
    ],
)
def test_removes_tashkeel_and_quranic_marks(raw, expected):
    """Vowelled and unvowelled spellings must compare equal."""
    assert normalise(raw) == expected


def test_removes_tatweel():
    """Kashida is decoration, not spelling."""
    assert normalise("الأســــد") == "الاسد"


@pytest.mark.parametrize("alef", ["أ", "إ", "آ", "ٱ", "ا\u0654", "ا\u0655", "ا\u0653"])
def test_folds_alef_variants(alef):
    """Hamza/madda on alef (precomposed or combining) and wasla all become bare alef."""
    assert normalise(alef + "حمد") == "احمد"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("على", "علي"),  # alef maqsura
        ("مدرسة", "مدرسه"),  # ta marbuta
        ("مؤتمر", "موتمر"),  # waw hamza
        ("رئيس", "رييس"),  # yeh hamza
        ("سماء", "سماء"),  # standalone hamza is a letter and stays
        ("کتاب فارسی", "كتاب فارسي"),  # Persian keheh and yeh
    ],
)
def test_folds_letter_variants(raw, expected):
    """Letters commonly typed interchangeably collapse to one form."""
    assert normalise(raw) == expected


def test_folds_digits():
    """Arabic-Indic and Persian digits become ASCII digits."""
    assert normalise("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹") == "0123456789 0123456789"


@pytest.mark.parametrize(
    "invisible", ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"]
)
def test_strips_bidi_embeddings(invisible):
    """Directional marks pasted from other apps must not split or alter words."""
    assert normalise(f"غ{invisible}زة") == "غزه"


@pytest.mark.parametrize(
    "invisible",
    ["\u2066", "\u2067", "\u2068", "\u2069", "\u061c", "\u200b", "\u200c", "\u200d", "\ufeff"],
)
def test_strips_isolates_and_zero_width(invisible):
    """Isolates, ALM and zero-width characters are invisible and must not matter."""
    assert normalise(f"غ{invisible}زة") == "غزه"


def test_lowercases_latin():
    """Latin words match regardless of case."""
    assert normalise("Reuters AFP") == "reuters afp"


def test_folds_presentation_forms():
    """Legacy presentation-form glyphs (old PDFs, Word) fold to ordinary letters."""
    assert normalise("ﺍﻟﺴﻼﻡ") == "السلام"  # U+FE70–U+FEFF
    assert normalise("ﻻ") == "لا"  # lam-alef ligature
    assert normalise("ﷲ") == "الله"  # U+FB50–U+FDFF


def test_keeps_spaces_and_punctuation():
    """normalise() folds spelling only; splitting is tokenize()'s job."""
    assert normalise("قال: «نعم»، ثم ذهب.") == "قال: «نعم»، ثم ذهب."


def test_is_idempotent():
    """Normalising twice changes nothing, so stored and fresh text agree."""
    text = "الأَسَدُ ﻻ يَأْكُلُ ٣ Café ـ\u200fإلى"
    assert normalise(normalise(text)) == normalise(text)


@pytest.mark.parametrize("text", ["\ud800", "a\udfffb", "\ud83d\ude00", "", "\x00"])
def test_never_raises_on_surrogates_or_odd_input(text):
    """Lone surrogates (e.g. from surrogateescape) are dropped, never raised on."""
    result = normalise(text)
    assert not any("\ud800" <= ch <= "\udfff" for ch in result)
    result.encode("utf-8")


def test_tokenize_splits_on_everything_but_letters_and_digits():
    """Punctuation, Arabic comma and quotes separate words."""
    assert tokenize("قال:«الحكومةُ»، و(Reuters) ٢٠٢٤!") == [
        "قال",
        "الحكومه",
        "و",
        "reuters",
        "2024",
    ]


def test_tokenize_keeps_words_whole_across_tashkeel_and_tatweel():
    """A vowelled or stretched word is still one token."""
    assert tokenize("الأَســـدُ") == ["الاسد"]


def test_tokenize_drops_overlong_tokens():
    """Glued-together junk longer than the cap is not indexed."""
    long_word = "ب" * (MAX_TOKEN_LENGTH + 1)
    ok_word = "ب" * MAX_TOKEN_LENGTH
    assert tokenize(f"{long_word} {ok_word} كلمة") == [ok_word, "كلمه"]


@pytest.mark.parametrize(
    "query",
    [
        '"غزة" NEAR(قصف, 5) OR -داعش ^title: col* AND NOT',
        "'; DROP TABLE x; -- ()[]{}<>|&!~`@#$%^*+=\\/?",
        "😀🇸🇾✓ ـــ ،؛؟ ٪ ٫٬",
    ],
)
def test_tokens_from_hostile_input_are_clean(query):
    """FTS syntax and symbols never leak into tokens; only letters/digits survive."""
    for token in tokenize(query):
        assert CLEAN_TOKEN.match(token), token
    assert all(token == token.lower() for token in tokenize(query))


def test_only_punctuation_gives_no_tokens():
    """A query of pure punctuation produces nothing to search for."""
    assert tokenize('"*()-^:.,،؛؟!…') == []


def test_very_long_input_is_handled():
    """100k characters of mixed text, and one 100k-character word, tokenize cleanly."""
    unit = "الحُكومةُ ﻻ تـــقول \u200f٣ Café \ud800 "
    text = unit * (100_000 // len(unit) + 1)
    assert set(tokenize(text)) == {"الحكومه", "لا", "تقول", "3", "cafe"}
    assert tokenize("ب" * 100_000) == []


def test_stopwords_are_normalised_forms():
    """The stopword list is in normalised spelling, so lookups need no extra folding."""
    assert all(normalise(word) == word for word in STOPWORDS)
    for word in ["في", "من", "علي", "الي", "عن", "ان", "هذا", "هذه", "التي", "الذي", "و"]:
        assert is_stopword(word), word


def test_stopwords_include_conjunction_forms():
    """وفي, فإن, ومن... are as empty as في, إن, من."""
    for word in ["وفي", "فان", "ومن", "وهو", "والتي"]:
        assert is_stopword(normalise(word)), word


def test_content_words_are_not_stopwords():
    """Words that merely resemble function words stay searchable."""
    for word in ["ولي", "فهم", "امام", "ام", "قال", "غزه", "حكومه"]:
        assert not is_stopword(word), word


# ---- the fast tables (tuples below U+0800, a regular expression above) ----


def _normalise_with_dict_tables(text, keep_hamza_seats=False):
    """normalise() as it was written first: the dict tables over every code point."""
    import importlib
    import unicodedata

    module = importlib.import_module("nashir.arabic.normalise")  # the package exports the function

    text = unicodedata.normalize("NFKD", text.translate(module._SURROGATES))
    if keep_hamza_seats:
        text = module._SEATED_HAMZA.sub(lambda m: module._SEAT_LETTER[m.group(1)], text)
        text = text.translate(module._TABLE_KEEPING_SEATS).lower()
    else:
        text = text.translate(module._TABLE).lower()
    if "," in text or "\u066c" in text:
        text = module._THOUSANDS.sub("", text)
    return unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("keep", [False, True])
def test_the_fast_tables_fold_every_code_point_as_the_dict_tables_do(keep):
    for start in range(0, 0x10000, 64):
        chunk = "".join(chr(code) for code in range(start, start + 64))
        text = f"ب{chunk}ب"
        assert normalise(text, keep_hamza_seats=keep) == _normalise_with_dict_tables(text, keep), (
            hex(start)
        )


@pytest.mark.parametrize("keep", [False, True])
def test_the_fast_tables_fold_mixed_text_as_the_dict_tables_do(keep):
    import random

    pool = (
        [chr(code) for code in range(0x20, 0x0800)]
        + [
            chr(code)
            for code in (
                0x200B,
                0x200C,
                0x200F,
                0x202B,
                0x2066,
                0xFEFF,
                0xFE20,
                0x1AB0,
                0x1DC0,
                0x20D0,
                0xD800,
                0xDFFF,
                0x2014,
                0x00AB,
                0xFB50,
                0xFEFB,
            )
        ]
        + list("الأسد قال إنّ مسؤولاً ـــ ١٥٬٠٠٠ 15,000 ")
    )
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 40)))
        assert normalise(text, keep_hamza_seats=keep) == _normalise_with_dict_tables(text, keep)
