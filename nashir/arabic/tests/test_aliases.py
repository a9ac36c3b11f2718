import pytest

from nashir.arabic import AliasIndex, analyse_query
from nashir.arabic.aliases import MAX_ALTERNATIVES


def q(text):
    """The slots a text analyses to (shorthand for the expected values)."""
    return analyse_query(text)


GROUPS = [
    ["قسد", "قوات سوريا الديمقراطية"],
    ["داعش", "تنظيم الدولة", "الدولة الإسلامية"],
]


@pytest.fixture
def index() -> AliasIndex:
    return AliasIndex(GROUPS)


def test_short_name_expands_to_long_phrase(index):
    """Searching the acronym also searches the full name, as an AND of its terms."""
    assert index.expand("هجوم قسد") == [
        q("هجوم قسد"),
        q("هجوم") + q("قوات سوريا الديمقراطية"),
    ]


def test_long_phrase_expands_to_short_name(index):
    """Searching the full name (in any spelling) also finds the acronym."""
    alternatives = index.expand("هجوم القوات السورية الديمقراطيه")
    assert alternatives[0] == q("هجوم القوات السورية الديمقراطيه")
    assert q("هجوم قسد") in alternatives


def test_every_group_member_is_offered(index):
    """داعش brings in both of its alternative names, the query's own form first."""
    assert index.expand("داعش") == [
        q("داعش"),
        q("تنظيم الدولة"),
        q("الدولة الإسلامية"),
    ]
    assert index.expand("الدولة الإسلامية")[1] == q("داعش")


def test_longest_phrase_wins():
    """A longer alias phrase is matched before a shorter one it contains."""
    index = AliasIndex([["الدولة", "البلد"], ["الدولة الإسلامية", "داعش"]])
    assert index.expand("الدولة الإسلامية") == [q("الدولة الإسلامية"), q("داعش")]


def test_several_aliases_combine(index):
    """Two aliases in one query give every combination of their names."""
    alternatives = index.expand("قسد وداعش")
    assert len(alternatives) == 2 * 3
    assert q("قوات سوريا الديمقراطية تنظيم الدولة") in alternatives


def test_expansion_is_bounded():
    """However many aliases a query holds, it expands to at most MAX_ALTERNATIVES."""
    groups = [[f"اسم{n}", f"بديل{n}", f"ثالث{n}"] for n in range(6)]
    query = " ".join(f"اسم{n}" for n in range(6))
    alternatives = AliasIndex(groups).expand(query)
    assert len(alternatives) == MAX_ALTERNATIVES
    assert alternatives[0] == q(query)


def test_query_without_aliases_is_its_own_terms(index):
    """No alias in the query: one alternative, the analysed query."""
    assert index.expand("الحكومة السورية") == [q("الحكومة السورية")]


def test_empty_query_has_no_alternatives(index):
    """Nothing searchable in, nothing out (not one empty AND, which would match all)."""
    assert index.expand("") == []
    assert index.expand("في من") == []


def test_overlapping_groups_are_merged():
    """Groups sharing a name are one equivalence class."""
    index = AliasIndex([["داعش", "تنظيم الدولة"], ["تنظيم الدولة", "الدولة الإسلامية"]])
    assert q("الدولة الإسلامية") in index.expand("داعش")
    assert q("داعش") in index.expand("الدولة الإسلامية")


def test_useless_groups_are_ignored():
    """Single-name groups and names made only of stopwords add nothing."""
    index = AliasIndex([["قسد"], ["في", "من"], []])
    assert len(index) == 0
    assert index.expand("قسد") == [q("قسد")]


def test_expand_slots_takes_analysed_slots(index):
    """expand_slots() is expand() minus the analysis, for callers that already have slots."""
    assert index.expand_slots(q("هجوم قسد")) == index.expand("هجوم قسد")
    assert index.expand_slots([]) == []


def test_alias_behind_a_proclitic_expands(index):
    """بقسد and لداعش are the aliases with a preposition: they expand like the bare name."""
    assert q("قوات سوريا الديمقراطية") in index.expand("بقسد")
    assert [("قسد",)] in index.expand("بالقوات السورية الديمقراطية")
    assert q("تنظيم الدولة") in index.expand("لداعش")


def test_alias_names_starting_with_a_proclitic_letter_match_whole():
    """A name such as بشار is matched as typed, not only under its ب-less reading."""
    index = AliasIndex([["بشار الأسد", "الرئيس السوري"]])
    assert q("الرئيس السوري") in index.expand("بشار الأسد")
    assert [(s[0],) for s in q("بشار الأسد")] in index.expand("الرئيس السوري")
