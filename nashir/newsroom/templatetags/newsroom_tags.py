from django import template

from nashir.newsroom.readcounts import most_read as most_read_articles
from nashir.pagecache import Key, mentions

register = template.Library()


def most_read_context(request):
    """Both lists; whatever shows them is purged when one of the stories is withdrawn or
    retitled."""
    day, week = most_read_articles(24), most_read_articles(24 * 7)
    mentions(request, *(Key.headline(article) for article in [*day, *week]))
    return {"day": day, "week": week, "request": request}


@register.inclusion_tag("components/most_read.html", takes_context=True)
def most_read(context):
    """«الأكثر قراءة» for the last day and the last week (also served alone at /most-read/, which
    the page's script shows in its place: see newsroom.views.most_read_block)."""
    return most_read_context(context.get("request"))
