"""Highlighting reads only the words that may hold a query term: it must mark exactly what
analysing every word would mark, on every kind of text the tests know."""

import random

import pytest

from nashir.arabic import analyse, iter_highlight_spans
from nashir.arabic.stemming import (
    _ORIGINAL_WORD,
    _PLAIN,
    _SKELETON,
    _candidate_words,
    _every_word_spans,
    _terms_of_word,
)
from nashir.demo import content as demo
from nashir.search.tests import archive, corpus

TASHKEEL = "\u064e\u064f\u0650\u0651\u0652\u064b\u064c\u064d"
TRICKY = [
    "قال عبد الله العبدالله إن الحكومة في غزة أعلنت، وعبد، الرحمن  عبدُ   الرحيم.",
    "بحكومتها مسؤول مسئولين مسؤولون شيء شئ شىء مائة ثلاثمائة بالمائة لله والله تالله",
    "ألمانيا الألمانية إسرائيل الإسرائيلي آمال القرآن مؤسسة موسسة دائما دايما رئيس رءيس",
    "NATO ناتو Reuters رويترز 2024 ٢٠٢٤ ۲۰۲۴ COVID-19 كوفيد-19 الـ19 سـوريا ســـوريـــا",
    "عبدالفتاح عبد الفتاح وعبدالله بعبد الرحمن لعبد العزيز كعبد عبد، عبد",
    "ﻻ يوجد ﺍﻟﺤﻜﻮﻣﺔ ڤيينا فيينا گوران کتاب café Straße under_score x\u200cy عبد\u200c الله",
]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _texts():
    stories, _ = archive.build(articles=400)
    texts = [t for s in stories for t in (s.headline, s.summary, *s.paragraphs)]
    texts += [t for a in corpus.ARTICLES for t in _strings(a)]
    texts += [t for a in demo.ARTICLES for t in _strings(a) if len(t.split()) > 2]
    return texts + TRICKY


def _dressed(text, rng):
    """The text as some writers type it: tashkeel and tatweel on some words, Latin in capitals."""
    words = []
    for word in text.split(" "):
        roll = rng.random()
        if roll < 0.15 and len(word) > 2:
            at = rng.randrange(1, len(word))
            word = word[:at] + rng.choice(TASHKEEL) + word[at:]
        elif roll < 0.25 and len(word) > 2:
            at = rng.randrange(1, len(word))
            word = word[:at] + "\u0640" * rng.randint(1, 3) + word[at:]
        elif roll < 0.3:
            word = word.upper()
        words.append(word)
    return " ".join(words)


@pytest.fixture(scope="module")
def texts():
    rng = random.Random(7)
    plain = _texts()
    return plain + [_dressed(text, rng) for text in plain]


def test_no_word_that_gives_a_term_is_passed_over(texts):
    """The claim the shortcut rests on: a term a word gives is a subsequence of its skeleton."""
    import re

    plain = re.compile(f"[{_PLAIN}]+")
    words = {m.group() for text in texts for m in _ORIGINAL_WORD.finditer(text)}
    checked = 0
    for word in words:
        if not plain.fullmatch(word):
            continue
        skeleton = word.translate(_SKELETON)
        for term in _terms_of_word(word):
            assert _candidate_words(frozenset([term])).search(skeleton), (word, term)
            checked += 1
    assert len(words) > 3000 and checked > 5000


def test_the_same_spans_as_analysing_every_word(texts):
    rng = random.Random(16)
    words = [w for text in texts for w in text.split()]
    compared = marked = 0
    for text in texts:
        own = text.split()
        query = rng.sample(own, min(len(own), rng.randint(1, 3))) + [rng.choice(words)]
        terms = analyse(" ".join(query))
        fast = list(iter_highlight_spans(text, terms))
        assert fast == list(_every_word_spans(text, terms)), (text, query)
        compared += 1
        marked += bool(fast)
    assert compared > 3000 and marked > compared // 2


@pytest.mark.parametrize("text", TRICKY, ids=range(len(TRICKY)))
def test_tricky_texts_every_word_of_them(text):
    for word in text.split():
        terms = analyse(word)
        assert list(iter_highlight_spans(text, terms)) == list(_every_word_spans(text, terms))


def test_a_hostile_word_costs_linear_time():
    """The candidate expression never backtracks: 2,000 letters that almost hold the term."""
    word = "ا" * 2000 + "ب"
    assert list(iter_highlight_spans(word + " " + word, analyse("ابتث"))) == []
