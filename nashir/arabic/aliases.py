"""Query expansion with editor-maintained alias groups (قسد = قوات سوريا الديمقراطية).

Pure data logic: the groups come from the database elsewhere. Every name is analysed with
the same pipeline as documents, so a phrase matches whatever spelling the query used.
"""

from collections.abc import Iterable, Sequence
from itertools import islice, product

from .stemming import analyse

__all__ = ["MAX_ALTERNATIVES", "AliasIndex"]

#: Upper bound on the OR-branches one query can expand into; keeps SQL/FTS queries small.
MAX_ALTERNATIVES = 16

Phrase = tuple[str, ...]


class AliasIndex:
    """Lookup from analysed alias phrases to their group's phrases.

    Groups sharing a phrase (after analysis) are merged, since equivalence is transitive:
    ["داعش", "تنظيم الدولة"] and ["تنظيم الدولة", "الدولة الإسلامية"] make one group.
    """

    def __init__(self, groups: Iterable[Iterable[str]]):
        self._group_of: dict[Phrase, list[Phrase]] = {}
        for names in groups:
            members: list[Phrase] = []
            for name in names:
                phrase = tuple(analyse(name))
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

    def expand(self, query: str) -> list[list[str]]:
        """Analyse `query` and return it as alternatives: OR of AND-ed term lists.

        The first alternative is always the query's own terms. A query with no alias in
        it gives [analyse(query)]; a query with no terms at all gives [].
        """
        return self.expand_terms(analyse(query))

    def expand_terms(self, terms: Sequence[str]) -> list[list[str]]:
        """expand() for terms that have already been through analyse()."""
        if not terms:
            return []
        # Split the terms into segments: an alias phrase (longest match first, left to
        # right) offers every phrase of its group; any other term offers just itself.
        segments: list[list[Phrase]] = []
        i = 0
        while i < len(terms):
            for length in range(min(self._longest, len(terms) - i), 0, -1):
                phrase = tuple(terms[i : i + length])
                group = self._group_of.get(phrase)
                if group is not None:
                    segments.append([phrase] + [p for p in group if p != phrase])
                    i += length
                    break
            else:
                segments.append([(terms[i],)])
                i += 1
        alternatives: list[list[str]] = []
        for combination in islice(product(*segments), MAX_ALTERNATIVES):
            alternative = [term for phrase in combination for term in phrase]
            if alternative not in alternatives:
                alternatives.append(alternative)
        return alternatives
