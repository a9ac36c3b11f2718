"""What an article contributes to the search index, field by field.

Runs at publish time (Wagtail's index task) and in `manage.py update_index`, never per
search request.

A newsroom's search weighs where a word is: in the headline it names the story, in the
kicker or summary it is what the story is about, in the body it may be a passing mention.
So the analysed text goes to the index as three fields, which Wagtail's database backends
keep apart:

- the headline, as Wagtail's `title` search field: the FTS5 `title` column on SQLite, the
  `title` tsvector (weight A) on PostgreSQL;
- the lead (kicker and summary): weight B on PostgreSQL; on SQLite it shares the `body`
  column (FTS5's table has only autocomplete, body and title), first in it;
- the body, picture caption, tags and byline names: weight D on PostgreSQL, `body` on SQLite.

nashir.search.query weighs the columns at search time (bm25 column weights, ts_rank weights).
Wagtail's raw headline stays in the autocomplete column, which is what the admin's page
search reads as editors type, and at the end of the body field, for Wagtail's own `.search()`
(the API's `search=`), which does no Arabic analysis.
"""

from wagtail.search import index

from nashir.arabic import analysed_text
from nashir.core.indexing import ComputedOnce

#: Wagtail's boosts for the fields. On PostgreSQL Wagtail turns the project's distinct boosts
#: into the tsvector weights A–D (modelsearch.backends.database.postgres.weights); 10 and 2 are
#: the boosts Wagtail itself uses (images, page titles), so the headline is A, the lead B and
#: every other model keeps the weights it had.
HEADLINE_BOOST = 10
LEAD_BOOST = 2


class AnalysedField(ComputedOnce, index.SearchField):
    """A search field of analysed text: analysed once per article when the index is written,
    though Wagtail's indexer reads each field several times (nashir.core.indexing)."""


class _Headline(index.SearchField):
    def get_value(self, obj):
        return search_headline(obj)


class HeadlineField(ComputedOnce, _Headline):
    """Wagtail's `title` search field, holding the analysed headline.

    Wagtail's database backends put every SearchField named "title" into their title column
    (SQLite) or title tsvector (PostgreSQL): that is how the headline gets a field of its own.
    """

    def __init__(self):
        super().__init__("title", boost=HEADLINE_BOOST)


def search_headline(article) -> str:
    return analysed_text(article.title)


def search_lead(article) -> str:
    """Kicker and summary: what the story is about, in the newsroom's own words."""
    return analysed_text(f"{article.kicker} {article.summary}")


def search_body(article) -> str:
    """The body, the picture's caption, tag names and byline names, analysed; then the raw
    headline for Wagtail's own search (see the module's docstring)."""
    tags = [item.tag.name for item in article.tagged_items.all()]
    authors = [byline.author.name for byline in article.bylines.all()]
    text = " ".join([article.image_caption, article.body_text(), *tags, *authors])
    return f"{analysed_text(text)} {article.title}"
