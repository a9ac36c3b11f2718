"""Query expansion with editor-maintained alias groups (قسد = قوات سوريا الديمقراطية).

Pure data logic: the groups come from the database elsewhere. Every name is analysed with
the same pipeline as documents, so a phrase matches whatever spelling the query used.

A query is a list of *slots*, one per word, each a tuple of alternative terms (see
analyse_query()); an expansion is a list of alternatives, each an AND-list of slots.
"""

from collections.abc import Iterable, Sequence
from itertools import islice, product

from .stemming import analyse_name, analyse_query

__all__ = ["MAX_ALTERNATIVES", "AliasIndex", "Slot"]

#: Upper bound on the OR-branches one query can expand into; keeps SQL/FTS queries small.
MAX_ALTERNATIVES = 16

Phrase = tuple[str, ...]
#: One query word: the terms it may match (its whole-word stem first).
Slot = tuple[str, ...]


class AliasIndex:
    """Lookup from analysed alias phrases to their group's phrases.

    Groups sharing a phrase (after analysis) are merged, since equivalence is transitive:
    ["داعش", "تنظيم الدولة"] and ["تنظيم الدولة", "الدولة الإسلامية"] make one group.
    """

    def __init__(self, groups: Iterable[Iterable[str]]):
        self._group_of: dict[Phrase, list[Phrase]] = {}
        # How each phrase is searched when another name of its group was typed: the
        # name's words under their hamza readings (مسؤول also as مسوول), no proclitic ones.
        self._slots: dict[Phrase, tuple[Slot, ...]] = {}
        for names in groups:
            members: list[Phrase] = []
            for name in names:
                # The whole word as it reads with hamza folded: a name is what editors typed.
                slots = tuple(analyse_name(name))
                phrase = tuple(slot[0] for slot in slots)
                self._slots.setdefault(phrase, slots)
                if phrase and phrase not in members:
                    members.append(phrase)
            for phrase in list(members):
                existing = self._group_of.get(phrase)
                if existing is not None and existing is not members:
                    members.extend(p for p in existing if p not in members)
            if len(members) < 2:
                continue  # a group of one name (or of stopwords only) expands to nothing
            for phrase in members:
                self._group_of[phrase] = members
        self._longest = max((len(p) for p in self._group_of), default=0)

    def __len__(self) -> int:
        """Number of distinct analysed phrases known."""
        return len(self._group_of)

    def expand(self, query: str) -> list[list[Slot]]:
        """Analyse `query` and return it as alternatives: OR of AND-ed slots.

        The first alternative is always the query's own slots. A query with no alias in
        it gives [analyse_query(query)]; a query with no terms at all gives [].
        """
        return self.expand_slots(analyse_query(query))

    def expand_slots(self, slots: Sequence[Slot]) -> list[list[Slot]]:
        """expand() for a query that has already been through analyse_query()."""
        if not slots:
            return []
        # Split the query into segments: an alias phrase (longest match first, left to
        # right; a word matches under any of its readings) offers its own words and every
        # other phrase of its group; any other word offers just itself.
        segments: list[list[tuple[Slot, ...]]] = []
        i = 0
        while i < len(slots):
            for length in range(min(self._longest, len(slots) - i), 0, -1):
                match = self._match(slots[i : i + length])
                if match is not None:
                    own = tuple(slots[i : i + length])
                    others = [self._slots[p] for p in self._group_of[match] if p != match]
                    segments.append([own, *others])
                    i += length
                    break
            else:
                segments.append([(slots[i],)])
                i += 1
        alternatives: list[list[Slot]] = []
        for combination in islice(product(*segments), MAX_ALTERNATIVES):
            alternative = [slot for part in combination for slot in part]
            if alternative not in alternatives:
                alternatives.append(alternative)
        return alternatives

    def _match(self, slots: Sequence[Slot]) -> Phrase | None:
        """The known phrase these slots spell under some choice of readings, if any."""
        for phrase in product(*slots):
            if phrase in self._group_of:
                return phrase
        return None
