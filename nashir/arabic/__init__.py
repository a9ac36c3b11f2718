"""Arabic text analysis for search: normalisation, tokenising, stemming, aliases.

Pure Python (no Django) and deterministic: the same functions produce the index terms
for documents and the query terms for searches, so both sides always agree.
"""

from .aliases import AliasIndex
from .names import genitive, initials
from .normalise import MAX_TOKEN_LENGTH, hamza_readings, normalise, tokenize
from .stemming import (
    analyse,
    analyse_name,
    analyse_query,
    analysed_text,
    highlight_terms,
    iter_highlight_spans,
    stem,
    word_stems,
)
from .stopwords import STOPWORDS, is_stopword

__all__ = [
    "genitive",
    "initials",
    "MAX_TOKEN_LENGTH",
    "STOPWORDS",
    "AliasIndex",
    "analyse",
    "analyse_name",
    "analyse_query",
    "analysed_text",
    "hamza_readings",
    "highlight_terms",
    "iter_highlight_spans",
    "is_stopword",
    "normalise",
    "stem",
    "tokenize",
    "word_stems",
]
