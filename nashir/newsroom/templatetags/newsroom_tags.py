from django import template

from nashir.newsroom.readcounts import most_read as most_read_articles

register = template.Library()


def most_read_context(request):
    return {
        "day": most_read_articles(24),
        "week": most_read_articles(24 * 7),
        "request": request,
    }


@register.inclusion_tag("components/most_read.html", takes_context=True)
def most_read(context):
    """«الأكثر قراءة» for the last day and the last week (also served alone at /most-read/, which
    the page's script shows in its place: see newsroom.views.most_read_block)."""
    return most_read_context(context.get("request"))
