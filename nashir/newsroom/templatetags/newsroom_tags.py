from django import template

from nashir.newsroom.readcounts import most_read as most_read_articles
from nashir.pagecache import Key, mentions

register = template.Library()


@register.inclusion_tag("components/most_read.html", takes_context=True)
def most_read(context):
    """«الأكثر قراءة» for the last day and the last week: a page showing it is purged when one
    of the stories is withdrawn."""
    request = context.get("request")
    day, week = most_read_articles(24), most_read_articles(24 * 7)
    mentions(request, *(Key.headline(article) for article in [*day, *week]))
    return {"day": day, "week": week, "request": request}
