"""A warning for operators whose search index was built by an older analysis.

nashir analyses every article (nashir.arabic) before it reaches the index, and analyses queries
the same way. When an upgrade changes the analysis, an index built by the old one still
answers, but wrongly: spellings the new version equates are missed, and the headline is not
where ranking reads it. So `manage.py migrate` (which runs database checks) and
`manage.py check --database default` compare what the index holds for the newest articles with
what the current analysis writes, and say what to run.
"""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


@register(Tags.database)
def search_index_follows_the_analysis(app_configs=None, databases=None, **kwargs):
    if not databases or "default" not in databases:
        return []
    try:
        stale = _stale_entries()
    except DatabaseError:  # before the first migrate: no tables yet
        return []
    if not stale:
        return []
    return [
        Warning(
            "The search index was built by an older version of nashir's Arabic analysis: "
            "searches miss spellings this version equates and rank headlines wrongly.",
            hint="Run `manage.py update_index`, then `manage.py compute_related --all`.",
            id="nashir.search.W001",
        )
    ]


def _stale_entries(sample=3) -> int:
    """How many of the `sample` newest indexed articles hold another analysis than today's."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    from nashir.news.indexing import search_headline
    from nashir.news.models import ArticlePage

    if not type(get_search_backend()).__module__.startswith("modelsearch.backends.database"):
        return 0
    content_type = ContentType.objects.get_for_model(ArticlePage)
    entries = IndexEntry.objects.filter(content_type=content_type).order_by("-id")[:sample]
    headline_field = "title_text" if hasattr(IndexEntry, "title_text") else "title"
    stored = {int(e.object_id): getattr(e, headline_field) for e in entries}
    articles = ArticlePage.objects.filter(pk__in=stored).only("title")
    return sum(stored[a.pk] != search_headline(a) for a in articles)
