"""Orthographic normalisation and tokenisation for Arabic (and incidental Latin) text.

The same functions run when documents are indexed and when queries are parsed, so two
spellings a reader would consider "the same word" must come out identical here: with or
without tashkeel, with or without tatweel, hamza-on-alef or bare alef, ة or ه, ى or ي,
Arabic-Indic or Western digits, presentation forms or ordinary letters.
"""

import re
import unicodedata

__all__ = ["MAX_TOKEN_LENGTH", "TOKEN_RE", "normalise", "tokenize"]

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
}

_DIGITS = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}

_TABLE = str.maketrans(dict.fromkeys(_DELETE) | _MAP | _DIGITS)
_SURROGATES = str.maketrans(dict.fromkeys(range(0xD800, 0xE000)))

# A token is a run of Arabic letters, Latin letters and ASCII digits, as they stand *after*
# normalise(): no marks, no tatweel, no presentation forms, no upper case.
_ARABIC_LETTERS = "\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff\u0750-\u077f"
_LATIN_LETTERS = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f"
TOKEN_RE = re.compile(f"[{_ARABIC_LETTERS}{_LATIN_LETTERS}0-9]+")


def normalise(text: str) -> str:
    """Fold `text` to the canonical spelling used for matching; never raises.

    Spaces and punctuation are kept (tokenize() discards them), so the result is still
    readable, but it is meant for comparison, not display.
    """
    if not text:
        return ""
    # Lone surrogates first: NFKD and later encoders choke on them.
    text = text.translate(_SURROGATES)
    # NFKD folds presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) and splits hamza/madda
    # and Latin accents into base + combining mark; the table then deletes the marks.
    text = unicodedata.normalize("NFKD", text).translate(_TABLE).lower()
    # Recompose whatever is left (nothing Arabic or Latin should need it) so the result
    # is NFKC-equivalent.
    return unicodedata.normalize("NFC", text)


def tokenize(text: str) -> list[str]:
    """Split text into normalised word tokens; everything except letters and digits separates."""
    return [token for token in TOKEN_RE.findall(normalise(text)) if len(token) <= MAX_TOKEN_LENGTH]
