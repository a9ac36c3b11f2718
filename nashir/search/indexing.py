"""Reading the search index back: what it really holds (import reports, checks).

What an article writes into it, field by field, is `nashir.news.indexing`.
"""


def count_indexed(model, ids) -> int | None:
    """How many of the objects `ids` of `model` the search index holds, read back from it.

    None when the default backend keeps its index outside the database (Elasticsearch,
    OpenSearch): there is no table to read.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    if not type(get_search_backend()).__module__.startswith("modelsearch.backends.database"):
        return None
    content_type = ContentType.objects.get_for_model(model)
    keys = [str(pk) for pk in ids]
    return sum(
        IndexEntry.objects.filter(
            content_type=content_type, object_id__in=keys[start : start + 500]
        ).count()
        for start in range(0, len(keys), 500)
    )
