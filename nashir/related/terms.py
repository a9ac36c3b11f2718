"""An article's words as a weighted term vector: what related articles are compared by.

Words go through `nashir.arabic.analyse` (normalised, stopwords dropped, clitics and light
stemming), so المفاوضات, ومفاوضات and بالمفاوضات count as one term. Weights are tf·idf with
a sublinear tf, the headline's terms counted several times, and only the strongest terms
kept: they are what the story is about.
"""

import math
from collections import Counter

from nashir.arabic import analyse

#: The headline's words count this many times: it names the story.
TITLE_BOOST = 3
#: Terms kept per article (the postings other articles find it by).
VECTOR_SIZE = 40
MAX_TERM_LENGTH = 64


def term_counts(article):
    """Counter of analysed terms: headline (boosted), kicker, summary, caption and body."""
    counts = Counter(_useful(analyse(article.title)))
    for term in counts:
        counts[term] *= TITLE_BOOST
    rest = " ".join(
        [article.kicker, article.summary, article.image_caption, article.body_text(credits=False)]
    )
    counts.update(_useful(analyse(rest)))
    return counts


def _useful(terms):
    return (t for t in terms if 2 <= len(t) <= MAX_TERM_LENGTH and not t.isdigit())


def weigh(counts, df, documents, size=VECTOR_SIZE):
    """The `size` strongest terms as [(term, weight)], strongest first, unit length.

    `df` maps a term to the number of articles it occurs in, `documents` is their count;
    a term not in `df` is taken as occurring in this article only.
    """
    documents = max(documents, 1)
    scored = [
        (term, (1 + math.log(tf)) * math.log(1 + documents / max(df.get(term, 1), 1)))
        for term, tf in counts.items()
    ]
    scored.sort(key=lambda item: (-item[1], item[0]))
    top = scored[:size]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    return [(term, w / norm) for term, w in top]
