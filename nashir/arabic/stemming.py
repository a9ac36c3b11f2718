"""Light stemming and the full analysis pipeline (index time == query time).

Snowball's Arabic stemmer is the workhorse, but on its own it is not consistent across
the spellings a news archive contains. It picks a "noun" or "verb" route depending on
whether the word starts with ال, and the verb route happily eats real letters
(فلسطين → لسط, مفاوضات → مفاوضا). So we:

1. strip the article and the clitics fused with it (ال وال بال لل ...) ourselves, keeping
   at least two letters, so short words (ولد, بلد, كتب) survive;
2. strip possessive pronouns (ها هم ...), restoring the ta marbuta they hide (حكومتها),
   and a final alef (سوريا, accusative رئيسا);
3. give Snowball the bare word *with ال re-attached*, which pins it to its noun route
   for every spelling of the word, and turn a final ه back into ة so Snowball removes it
   as the feminine ending (normalise() merged the two);
4. run Snowball a second time when the first pass exposed a lemma-final ن it would have
   cut from the bare lemma (الفلسطيني → فلسطين → فلسط, like فلسطين itself);
5. drop a leading conjunction و from the stem.

Bare single-letter proclitics (و ف, then ب ك ل) cannot be stripped by rule: they start far
too many real words (بريطانيا, فرنسا, لبنان, كندا). So a word that may carry one is
*both* words: word_stems() gives the stem of the whole word and the stem of what is left
without the proclitic(s). Documents are indexed under every reading (analyse()), and a
query word matches any of its readings (analyse_query()), so بغزة finds غزة and غزة finds
بغزة, while فرنسا still finds فرنسا.
"""

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import snowballstemmer

from .normalise import ABD_WORDS, TOKEN_RE, hamza_readings, normalise, tokenize
from .stopwords import is_stopword

__all__ = [
    "analyse",
    "analyse_name",
    "analyse_query",
    "analysed_text",
    "highlight_terms",
    "stem",
    "word_stems",
]

# snowballstemmer hands back PyStemmer's C implementation when it is installed.
_SNOWBALL = snowballstemmer.stemmer("arabic")

_ARABIC_WORD = re.compile("[\u0621-\u064a]+")

# Article-bearing proclitics, longest first; the remainder must keep >= 2 letters
# (الحق → حق, but الف "thousand" and الم "pain" stay whole).
_ARTICLE_PREFIXES = (
    "وبال",
    "وكال",
    "فبال",
    "فكال",
    "ولل",
    "فلل",
    "وال",
    "فال",
    "بال",
    "كال",
    "لل",
    "ال",
)
_MIN_AFTER_ARTICLE = 2

# Possessive/object pronoun suffixes, longest first; stripped only if >= 3 letters remain.
_PRONOUN_SUFFIXES = ("هما", "كما", "هم", "هن", "كم", "ها", "نا")
_MIN_STEM = 3

# Endings after which a word-final ن is the lemma's own letter (see stem()).
_HIDES_FINAL_NOON = ("ين", "ون", "ان", "ات", "ي", "يه")

# Everything spelled with the name of God gets one stem, untouched by the suffix rules
# (otherwise لله would lose its ه, and حزب الله would not be findable).
_ALLAH = "الله"
_ALLAH_FORMS = frozenset({_ALLAH, "لله", "بالله", "والله", "فالله", "تالله", "ولله", "فلله"})


def _strip_article(word: str) -> str:
    """Remove ال and the clitics fused with it: والحكومه → حكومه, للحكومه → حكومه."""
    for prefix in _ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_AFTER_ARTICLE:
            word = word[len(prefix) :]
            break
    # After normalise() a word-initial أل looks exactly like the article (ألمانيا,
    # ألعاب). Stripping it again behind a real article keeps الألمانية and ألمانيا
    # together: both lose the same letters.
    while word.startswith("ال") and len(word) - 2 >= _MIN_AFTER_ARTICLE:
        word = word[2:]
    return word


def _strip_suffixes(word: str) -> str:
    """Endings Snowball's noun route leaves alone, though the same word is seen without them.

    Possessive pronouns (كتابهم → كتاب), with the ta marbuta they hide restored (حكومتها
    → حكومه), and a final alef (سوريا, the accusative رئيسا) so it matches سوري / رئيس.
    """
    for suffix in _PRONOUN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            word = word[: -len(suffix)]
            if word.endswith("ت") and not word.endswith("ات") and len(word) > _MIN_STEM:
                word = word[:-1] + "ه"
            return word
    # A lone ه is ambiguous after normalise(): "his" (كتابه) or ta marbuta (مدينه).
    # Only the pronoun can follow a ta marbuta (حكومته) or a plural (قواته).
    if word.endswith("اته") and len(word) >= 5:
        return word[:-1]
    if word.endswith("ته") and len(word) - 2 >= _MIN_STEM:
        return word[:-2] + "ه"
    if word.endswith("ا") and len(word) > _MIN_STEM:
        return word[:-1]
    return word


def _snowball_noun(word: str) -> str:
    """Run Snowball on ال + word (its noun route) and take the article back off."""
    if word.endswith("ه") and len(word) >= _MIN_STEM and not word.endswith("لله"):
        word = word[:-1] + "ة"  # so Snowball removes it as the feminine ending
    out = _SNOWBALL.stemWord("ال" + word)
    # Snowball removes one article at most, and only if three letters would remain; so
    # ours is still there exactly when the output starts with one more ال than `word`.
    ours = "الال" if word.startswith("ال") else "ال"
    return out[2:] if out.startswith(ours) else out


def _at_least_two(before: str, after: str) -> str:
    """Undo a step that ground the word below two letters (بيان → ب): keep its input."""
    return after if len(after) >= 2 else before


@lru_cache(maxsize=100_000)
def stem(token: str) -> str:
    """Light-stem one token (normalised here if it is not already).

    Latin words, digits and mixed tokens come back normalised but otherwise as-is;
    anything that is not a single token (spaces, punctuation) gives "".
    """
    token = normalise(token)
    if not TOKEN_RE.fullmatch(token):
        return ""
    if not _ARABIC_WORD.fullmatch(token):
        return token
    if token in _ALLAH_FORMS:
        return _ALLAH
    core = _strip_suffixes(_strip_article(token))
    stemmed = _at_least_two(core, _snowball_noun(core))
    if stemmed.endswith("ن") and len(stemmed) >= 4 and core.endswith(_HIDES_FINAL_NOON):
        # Snowball always cuts a final ن off a 4+ letter word (مواطن → مواط, فلسطين →
        # فلسط) but not when a plural or nisba ending protected it (مواطنين → مواطن,
        # الفلسطيني → فلسطين). A second pass makes the derived forms meet the lemma.
        stemmed = _at_least_two(stemmed, _snowball_noun(stemmed))
    if stemmed.startswith("و") and len(stemmed) - 1 >= _MIN_STEM:
        # The conjunction, after Snowball so it is judged on the stem: وقال → قال,
        # وحكومة → حكوم. It also takes the و of وزير (→ زير), but does so for every
        # spelling of وزير alike, which is what matching needs; وطن, ولد keep theirs.
        stemmed = stemmed[1:]
    return stemmed


# One-letter proclitics not followed by ال (the article forms are _ARTICLE_PREFIXES):
# an optional conjunction, then an optional preposition. و and ف may be either.
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ك", "ل", "ف")
#: A proclitic is only considered when this many letters remain (بغزة → غزة, not بيت → يت).
MIN_AFTER_PROCLITIC = 3


def _without_proclitics(token: str) -> list[str]:
    """The words `token` could be under one or two bare proclitics: وبغزة → بغزة, غزة."""
    if not _ARABIC_WORD.fullmatch(token) or _strip_article(token) != token:
        return []  # ال and its fused forms (بال، لل …) are stem()'s job
    heads = [token]
    if token.startswith(_CONJUNCTIONS) and len(token) - 1 >= MIN_AFTER_PROCLITIC:
        heads.append(token[1:])
    remainders = heads[1:]
    for head in heads:
        if head.startswith(_PREPOSITIONS) and len(head) - 1 >= MIN_AFTER_PROCLITIC:
            remainders.append(head[1:])
    return [r for r in remainders if not r.startswith("ال") and not is_stopword(r)]


@lru_cache(maxsize=100_000)
def word_stems(token: str) -> tuple[str, ...]:
    """Every reading of one token (from tokenize()), the whole word's stem first; () for a stopword.

    بغزة → (بغز, غز): "in Gaza" is indexed and searched as Gaza too. A word with hamza on a
    seat is read with the hamza folded and with it left out (hamza_readings()): مسؤول →
    (مسءول, مسوول), so مسئول and مسوول both meet it. A word with neither gives (stem(token),).
    """
    readings = hamza_readings(token)
    if is_stopword(readings[-1]):  # the last reading is normalise()'s spelling, as STOPWORDS'
        return ()
    stems: list[str] = []
    for reading in readings:
        for word in [reading, *_without_proclitics(reading)]:
            term = stem(word)
            if term and term not in stems:
                stems.append(term)
    return tuple(stems)


def analyse(text: str) -> list[str]:
    """Text → index terms: tokenize, drop stopwords, stem, adding each proclitic reading.

    Deterministic; the terms only ever contain letters and digits, so they are safe to
    hand to any full-text engine as plain words.
    """
    return [term for token in tokenize(text) for term in word_stems(token)]


def analyse_query(text: str) -> list[tuple[str, ...]]:
    """Text → one tuple of alternative terms per searchable word (an AND of ORs).

    The query side of analyse(): a document indexed with analyse() contains some term
    of every tuple exactly when it contains each query word under one of its readings.
    """
    return [stems for token in tokenize(text) if (stems := word_stems(token))]


def analyse_name(text: str) -> list[tuple[str, ...]]:
    """A name as an editor typed it: per word, its whole-word stems (one per hamza reading).

    analyse_query() without the proclitic readings: بشار in an alias group is the name
    بشار, not ب + شار; but مسؤول still meets مسئول and مسوول.
    """
    slots = []
    for token in tokenize(text):
        readings = hamza_readings(token)
        if is_stopword(readings[-1]):
            continue
        stems = tuple(dict.fromkeys(term for term in map(stem, readings) if term))
        if stems:
            slots.append(stems)
    return slots


def analysed_text(text: str) -> str:
    """analyse() joined by spaces: the string handed to FTS5 / to_tsvector('simple', ...)."""
    return " ".join(analyse(text))


# A "word" in the original text: letters/digits plus the marks normalise() deletes, so a
# span never cuts a letter off its tashkeel or tatweel. Invisible format characters
# (bidi marks, zero-width joiners) may sit *inside* a word but are not taken at its edges.
_WORD_CHARS = "\\w\u0300-\u036f\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed\u08d3-\u08ff"
_INVISIBLE = "\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
_ORIGINAL_WORD = re.compile(f"[{_WORD_CHARS}]+(?:[{_INVISIBLE}]+[{_WORD_CHARS}]+)*")


@lru_cache(maxsize=100_000)
def _terms_of_word(word: str) -> tuple[str, ...]:
    return tuple(analyse(word))


@lru_cache(maxsize=100_000)
def _is_abd(word: str) -> bool:
    """عبد (with a prefix, tashkeel or tatweel): the first half of a name such as عبد الله."""
    return normalise(word) in ABD_WORDS


# ---- finding the words to mark without analysing every word ----
#
# Analysing a word the process has not seen costs ~45 µs, and a search result's snippet
# reads ~200 words, most of them new to a fresh process. But analysis never adds a letter:
# it deletes marks, tatweel and hamza, folds letters within a class (أ إ آ → ا, ؤ → و,
# ئ → ي, ى → ي, ة → ه, and a ت that hid a ة: حكومتها → حكومه) and cuts prefixes and
# suffixes. So every term a word gives is, in the folded alphabet of _SKELETON, a
# subsequence of the word (the one exception, لله → الله, is looked for as لله). In a text
# of plain words (Arabic letters and marks, ASCII letters and digits), one regular
# expression over the folded text finds the few words that may hold a query term (or be an
# عبد); only those are analysed. Any other text (presentation forms, Persian letters,
# accents, invisible marks) is read word by word as before. Tests: the two ways give the
# same spans on every archive the tests use, and no word is passed over that holds a term.
_PLAIN = "\u0621-\u065f\u0670a-zA-Z0-9\u0660-\u0669\u06f0-\u06f9"
_NOT_PLAIN = re.compile(f"(?![{_PLAIN}])[{_WORD_CHARS}{_INVISIBLE}]")
# Same length as the text (what analysis deletes becomes a tatweel), so offsets hold. A tuple
# indexed by code point translates three times faster than str.maketrans's dict; characters
# past its end (punctuation such as «…» or “”) are left as they are.
_SKELETON_MAP = (
    dict.fromkeys([0x0621, *range(0x064B, 0x0660), 0x0670], "\u0640")
    | {"أ": "ا", "إ": "ا", "آ": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه", "ت": "ه"}
    | {0x0660 + i: str(i) for i in range(10)}
    | {0x06F0 + i: str(i) for i in range(10)}
    | {c: chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}
)
_SKELETON = tuple(str.maketrans(_SKELETON_MAP).get(code, chr(code)) for code in range(0x0700))
_NAME_AFTER = re.compile(f"\\s+{_ORIGINAL_WORD.pattern}")


@lru_cache(maxsize=1000)
def _candidate_words(terms: frozenset[str]) -> re.Pattern:
    """Whole words of a skeleton that may give one of `terms`, or be an عبد.

    In the skeleton of a plain text, \\w is exactly a word's letters (marks became tatweel;
    a text with "_" or any other letter is not plain).

    Each shape is looked for as a subsequence, every letter at its first place after the one
    before (possessive: no backtracking, so a hostile 2,000-letter word costs linear time).
    """
    shapes = {
        ("لله" if term == _ALLAH else term).translate(_SKELETON).replace("\u0640", "")
        for term in terms
    }
    either = "|".join(
        "".join(f"[^\\W{re.escape(letter)}]*+{re.escape(letter)}" for letter in shape)
        for shape in sorted(shapes | {"عبد"})
        if shape
    )
    return re.compile(f"(?<!\\w)(?:{either})\\w*+")


def iter_highlight_spans(text: str, terms: Iterable[str]) -> Iterator[tuple[int, int]]:
    """(start, end) offsets in the original `text` of words whose stem is one of `terms`.

    Lazy, so a snippet can stop reading once its window is full. عبد and the name after it
    are one word to search (tokenize()), so they are marked together.
    """
    wanted = frozenset(terms)
    if wanted:
        yield from _marked(text, wanted, _words_to_read(text, _candidate_words(wanted)))


def _every_word_spans(text: str, terms: Iterable[str]) -> Iterator[tuple[int, int]]:
    """iter_highlight_spans() analysing every word: what the tests hold it to."""
    words = (match.span() for match in _ORIGINAL_WORD.finditer(text))
    return _marked(text, frozenset(terms), words)


def _marked(text, wanted, words) -> Iterator[tuple[int, int]]:
    """The spans among `words` (in order) that hold a wanted term; an عبد with its name."""
    name_end = 0
    for start, end in words:
        if start < name_end:
            continue  # the name after an عبد, marked (or not) with it
        word = text[start:end]
        if _is_abd(word) and (name := _NAME_AFTER.match(text, end)):
            name_end = name.end()
            if not wanted.isdisjoint(_terms_of_word(text[start:name_end])):
                yield start, name_end
        elif not wanted.isdisjoint(_terms_of_word(word)):
            yield start, end


#: Text is read in pieces of about this many characters (cut at a space), so a snippet whose
#: first match is early does not fold the rest.
PIECE = 400


def _words_to_read(text: str, candidates: re.Pattern) -> Iterator[tuple[int, int]]:
    """The spans of the words that may hold a term: found in the skeleton of a plain piece,
    every word of any other piece."""
    first = 0
    while first < len(text):
        last = text.find(" ", first + PIECE)
        last = len(text) if last == -1 else last
        if _NOT_PLAIN.search(text, first, last):
            yield from (m.span() for m in _ORIGINAL_WORD.finditer(text, first, last))
        else:
            skeleton = text[first:last].translate(_SKELETON)
            yield from ((first + m.start(), first + m.end()) for m in candidates.finditer(skeleton))
        first = last


def highlight_terms(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Every span iter_highlight_spans() finds."""
    return list(iter_highlight_spans(text, terms))
