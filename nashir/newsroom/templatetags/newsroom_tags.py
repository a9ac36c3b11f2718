from django import template

from nashir.newsroom.readcounts import most_read as most_read_articles

register = template.Library()


@register.inclusion_tag("components/most_read.html", takes_context=True)
def most_read(context):
    """«الأكثر قراءة» for the last day and the last week."""
    return {
        "day": most_read_articles(24),
        "week": most_read_articles(24 * 7),
        "request": context.get("request"),
    }
