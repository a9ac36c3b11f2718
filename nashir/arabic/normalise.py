"""Orthographic normalisation and tokenisation for Arabic (and incidental Latin) text.

The same functions run when documents are indexed and when queries are parsed, so two
spellings a reader would consider "the same word" must come out identical here: with or
without tashkeel, with or without tatweel, hamza-on-alef or bare alef, ة or ه, ى or ي,
Arabic-Indic or Western digits, 15,000 or 15000, presentation forms or ordinary letters,
ڤ or ف (and the other letters borrowed for foreign sounds).

Hamza on waw and yeh is the one fold that cannot be done here: readers mix the seats
(مسؤول/مسئول, شؤون/شئون) *and* drop the hamza keeping the seat (مؤسسة/موسسة, دائما/دايما).
tokenize() therefore keeps ؤ and ئ as written, and the stemmer gives such a word both
readings (see hamza_readings()); normalise() on its own drops the hamza and keeps the seat.
"""

import re
import unicodedata

__all__ = ["MAX_TOKEN_LENGTH", "TOKEN_RE", "hamza_readings", "normalise", "tokenize"]

#: Tokens longer than this are dropped: no real Arabic or English word gets near it, and
#: the index should not be fed base64 blobs or URLs glued together.
MAX_TOKEN_LENGTH = 40


def _chars(*ranges: tuple[int, int]) -> list[int]:
    return [cp for start, end in ranges for cp in range(start, end + 1)]


# Code points deleted outright. Applied after NFKD, so hamza/madda that were precomposed
# (أ إ آ ؤ ئ) arrive here as a base letter plus U+0653–U+0655 and lose the mark.
_DELETE = _chars(
    (0xD800, 0xDFFF),  # lone surrogates (e.g. from surrogateescape): cannot be encoded
    (0x0300, 0x036F),  # Latin combining diacritics: "café" and "cafe" should match
    (0x0610, 0x061A),  # Quranic honorific marks (ﷺ-style small signs above letters)
    (0x064B, 0x065F),  # harakat, tanween, shadda, sukun, hamza/madda combining marks
    (0x0670, 0x0670),  # superscript (dagger) alef
    (0x0674, 0x0674),  # high hamza
    (0x06D6, 0x06ED),  # Quranic annotation marks
    (0x08D3, 0x08FF),  # Arabic Extended-A combining marks
    (0x0640, 0x0640),  # tatweel / kashida
    (0x061C, 0x061C),  # Arabic letter mark (bidi)
    (0x00AD, 0x00AD),  # soft hyphen
    (0x200B, 0x200F),  # zero-width space/non-joiner/joiner, LRM, RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x2069),  # word joiner, invisible operators, bidi isolates
    (0xFEFF, 0xFEFF),  # BOM / zero-width no-break space
    (0x1AB0, 0x1AFF),  # further combining marks
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE20, 0xFE2F),
)

_MAP = {
    # Alef variants (أ إ آ are already decomposed by NFKD; listed for clarity).
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",  # alef wasla
    "ٲ": "ا",
    "ٳ": "ا",
    "ؤ": "و",
    "ئ": "ي",
    "ى": "ي",  # alef maqsura: routinely typed for final ي and vice versa
    "ة": "ه",  # ta marbuta: routinely typed as ه
    # Persian/Urdu keyboard letters that turn up in Arabic text.
    "ی": "ي",
    "ې": "ي",
    "ک": "ك",
    "ە": "ه",
    "ۀ": "ه",
    "ہ": "ه",
    "ۃ": "ه",
    # Letters borrowed for sounds Arabic lacks, in names and loanwords: the same writers
    # use the plain letter just as often (ڤيينا/فيينا, الچلبي/الجلبي, گوران/كوران).
    "ڤ": "ف",  # v
    "ڥ": "ف",  # v (Maghrebi)
    "پ": "ب",  # p
    "چ": "ج",  # ch
    "ژ": "ز",  # zh
    "گ": "ك",  # g
    "ڭ": "ك",  # g (Moroccan)
    "ݣ": "ك",  # g (Moroccan)
}

_DIGITS = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}

_TABLE = str.maketrans(dict.fromkeys(_DELETE) | _MAP | _DIGITS)
# tokenize()'s table: the same, but ؤ and ئ (remade from their NFKD parts) are kept.
_TABLE_KEEPING_SEATS = str.maketrans(
    dict.fromkeys(_DELETE) | {k: v for k, v in _MAP.items() if k not in "ؤئ"} | _DIGITS
)
_SURROGATES = str.maketrans(dict.fromkeys(range(0xD800, 0xE000)))
_SURROGATE = re.compile("[\ud800-\udfff]")

# The tables as str.translate() reads them fastest: a tuple indexed by code point (twice the
# speed of a dict; translate() leaves a code point past its end unchanged). Every letter and
# digit the tables change is below U+0800; what they delete above it (invisible and combining
# marks) is deleted by one regular expression, found in a scan (texts rarely hold any).
_NARROW = 0x0800


def _as_tuple(table: dict[int, str | None]) -> tuple[str | None, ...]:
    assert all(code < _NARROW for code, to in table.items() if to is not None)
    return tuple(table.get(code, chr(code)) for code in range(_NARROW))


def _deleted_above_narrow() -> re.Pattern:
    codes = sorted(code for code in _DELETE if code >= _NARROW and not 0xD800 <= code < 0xE000)
    return re.compile("[" + "".join(re.escape(chr(code)) for code in codes) + "]+")


_FAST_TABLE = _as_tuple(_TABLE)
_FAST_TABLE_KEEPING_SEATS = _as_tuple(_TABLE_KEEPING_SEATS)
_WIDE_DELETE = _deleted_above_narrow()

# After NFKD, ؤ is و + U+0654 and ئ is ي + U+0654; ى + U+0654 is ئ typed on a maqsura.
_SEATED_HAMZA = re.compile("([\u0648\u064a\u0649])\u0654")
_SEAT_LETTER = {"\u0648": "ؤ", "\u064a": "ئ", "\u0649": "ئ"}

# Digit grouping: 15,000 and ١٥٬٠٠٠ are the 15000 a reader types (runs after the digit fold).
_THOUSANDS = re.compile("(?<=[0-9])[,\u066c](?=[0-9]{3}(?![0-9]))")

# A token is a run of Arabic letters, Latin letters and ASCII digits, as they stand *after*
# normalise(): no marks, no tatweel, no presentation forms, no upper case.
_ARABIC_LETTERS = "\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff\u0750-\u077f"
_LATIN_LETTERS = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f"
TOKEN_RE = re.compile(f"[{_ARABIC_LETTERS}{_LATIN_LETTERS}0-9]+")


def normalise(text: str, *, keep_hamza_seats: bool = False) -> str:
    """Fold `text` to the canonical spelling used for matching; never raises.

    Spaces and punctuation are kept (tokenize() discards them), so the result is still
    readable, but it is meant for comparison, not display. Hamza on waw or yeh is dropped
    (ؤ → و, ئ → ي) unless `keep_hamza_seats`, which tokenize() asks for.
    """
    if not text:
        return ""
    # Lone surrogates first: NFKD and later encoders choke on them.
    if _SURROGATE.search(text):
        text = text.translate(_SURROGATES)
    # NFKD folds presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) and splits hamza/madda
    # and Latin accents into base + combining mark; the table then deletes the marks.
    text = unicodedata.normalize("NFKD", text)
    if keep_hamza_seats:
        text = _SEATED_HAMZA.sub(lambda m: _SEAT_LETTER[m.group(1)], text)
        text = text.translate(_FAST_TABLE_KEEPING_SEATS)
    else:
        text = text.translate(_FAST_TABLE)
    if _WIDE_DELETE.search(text):
        text = _WIDE_DELETE.sub("", text)
    text = text.lower()
    if "," in text or "\u066c" in text:
        text = _THOUSANDS.sub("", text)
    # Recompose whatever is left (nothing Arabic or Latin should need it) so the result
    # is NFKC-equivalent.
    return unicodedata.normalize("NFC", text)


# Names built on عبد are written in one word or two (عبدالله, عبد الله): always one here.
ABD_WORDS = frozenset({"عبد", "وعبد", "فعبد", "بعبد", "لعبد", "كعبد"})


def tokenize(text: str) -> list[str]:
    """Split text into normalised word tokens; everything except letters and digits separates.

    Hamza seats are kept for the stemmer (see hamza_readings()), and عبد is joined to the
    name after it.
    """
    tokens = TOKEN_RE.findall(normalise(text, keep_hamza_seats=True))
    if not ABD_WORDS.isdisjoint(tokens):
        tokens = _join_abd(tokens)
    return [token for token in tokens if len(token) <= MAX_TOKEN_LENGTH]


def _join_abd(tokens: list[str]) -> list[str]:
    joined: list[str] = []
    for token in tokens:
        if joined and joined[-1] in ABD_WORDS and not token.isdigit():
            joined[-1] += token
        else:
            joined.append(token)
    return joined


# ---- hamza on its seat ----

_DROP_SEATED_HAMZA = str.maketrans({"ؤ": "و", "ئ": "ي"})
_FOLD_SEATED_HAMZA = str.maketrans({"ؤ": "ء", "ئ": "ء"})
# شيء، شئ، شىء، شيئ (and برئ/بريء، مبادئ/مبادىء, and شيئا with its accusative alef): a
# final hamza after yeh is one sound, written on the line or on the yeh's own seat.
_FINAL_YEH_HAMZA = re.compile("[\u064a\u0649]?\u0621\u0627?$")
# مائة (the older spelling, also in ثلاثمائة and بالمائة) and مئة are the same hundred; only
# the number itself, not the many words ending in -مائه (علمائه، أسمائه، انتمائه).
_HUNDRED = re.compile(
    "^((?:و|ف)?(?:لل|[بلك]?(?:ال)?)(?:ثلاث|اربع|خمس|ست|سبع|ثماني?|تسع)?)مائ(?=ه$)"
)


def hamza_readings(token: str) -> tuple[str, ...]:
    """A token with ؤ, ئ or ء as readers may type it: seats mixed, or the hamza left out.

    The first reading folds every hamza to ء, so مسؤول, مسئول and مسءول meet, and so do
    شيء, شئ and شىء; the second drops the hamza and keeps its seat, so مؤسسة meets موسسة and
    دائما meets دايما. A token without hamza has itself as its only reading.
    """
    if "ؤ" not in token and "ئ" not in token and "ء" not in token:
        return (token,)
    folded = _HUNDRED.sub("\\1مئ", token).translate(_FOLD_SEATED_HAMZA)
    folded = _FINAL_YEH_HAMZA.sub("ء", folded)
    seats = token.translate(_DROP_SEATED_HAMZA)
    return (folded, seats) if seats != folded else (folded,)
