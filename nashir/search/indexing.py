"""What an article contributes to the search index, and the readable text snippets come from.

Runs at publish time (Wagtail's index task) and in `manage.py update_index`, never per
search request except for the few articles shown on a results page.
"""

from nashir.arabic import analysed_text

#: The title is written this many times into the analysed text: its words weigh more in
#: BM25 / ts_rank on every backend, without a separate column.
TITLE_WEIGHT = 3


def search_text(article) -> str:
    """Analysed terms for the whole article: title (weighted), kicker, summary, body,
    image caption, tag names and byline names."""
    tags = [item.tag.name for item in article.tagged_items.all()]
    authors = [byline.author.name for byline in article.bylines.all()]
    text = " ".join(
        [
            *([article.title] * TITLE_WEIGHT),
            article.kicker,
            article.summary,
            article.image_caption,
            article.body_text(),
            *tags,
            *authors,
        ]
    )
    return analysed_text(text)
