"""Names as readers see them: the initials of an avatar, a name after a preposition."""

# The definite article: «التحرير» is indexed under ت, as a reader would abbreviate it.
_ARTICLES = ("ال",)

# The five nouns (الأسماء الخمسة) that show their case in their last letter, in the forms a name
# starts with: nominative (أبو), accusative (أبا) → genitive (أبي). With and without hamza.
_FIVE_NOUNS_GENITIVE = {
    "أبو": "أبي",
    "أبا": "أبي",
    "ابو": "ابي",
    "ابا": "ابي",
    "أخو": "أخي",
    "أخا": "أخي",
    "اخو": "اخي",
    "اخا": "اخي",
    "حمو": "حمي",
    "حما": "حمي",
    "ذو": "ذي",
    "ذا": "ذي",
}


def _without_article(word: str) -> str:
    for article in _ARTICLES:
        # «الى» or «الم» are too short to be ال + a word: keep them whole.
        if word.startswith(article) and len(word) > len(article) + 1:
            return word[len(article) :]
    return word


def initials(name: str) -> str:
    """Up to two letters for the avatar, kept apart (ZWNJ) so Arabic letters do not join.

    The article ال is skipped, as a reader abbreviates: «فريق التحرير» → «ف‌ت», not «ف‌ا».
    """
    words = [_without_article(w) for w in name.split() if w[:1].isalnum()]
    return "\u200c".join(w[0] for w in words[:2]).upper() or "؟"


def genitive(name: str) -> str:
    """A name as it reads after a preposition («ردّ على …»): a name that starts with one of the
    five nouns takes the genitive — «أبو سامر» → «أبي سامر», «ذو الفقار» → «ذي الفقار».

    Only the first word changes; other names (and family names further on, which usage keeps
    unchanged) are returned as they are.
    """
    first, space, rest = name.strip().partition(" ")
    replaced = _FIVE_NOUNS_GENITIVE.get(first)
    if replaced is None or not rest.strip():
        return name
    return f"{replaced}{space}{rest}"
