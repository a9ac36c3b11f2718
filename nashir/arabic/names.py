"""Names as readers see them: the initials of an avatar."""

ARTICLE = "ال"


def _initial(word):
    """A word's first letter; a family name's, not its article's (الحداد → ح)."""
    if word.startswith(ARTICLE) and len(word) > len(ARTICLE) + 1:
        word = word[len(ARTICLE) :]
    return word[0]


def initials(name: str) -> str:
    """Up to two letters for the avatar, kept apart (ZWNJ) so Arabic letters do not join."""
    words = [w for w in name.split() if w[:1].isalnum()]
    return "\u200c".join(_initial(w) for w in words[:2]).upper() or "؟"
