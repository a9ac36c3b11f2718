"""Names as readers see them: the initials of an avatar."""


def initials(name: str) -> str:
    """Up to two letters for the avatar, kept apart (ZWNJ) so Arabic letters do not join."""
    words = [w for w in name.split() if w[:1].isalnum()]
    return "\u200c".join(w[0] for w in words[:2]).upper() or "؟"
