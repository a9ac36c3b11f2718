from django import template

from nashir.arabic import genitive
from nashir.pagecache import Key, depends_on, valid_until

from ..forms import CommentForm
from ..models import CommentSettings
from ..text import count_label
from ..threads import approved_comments, build_threads

register = template.Library()


@register.inclusion_tag("discussion/section.html", takes_context=True)
def comments_section(context, article):
    """The public part under an article: the same for every reader, so the page can be cached."""
    request = context.get("request")
    comments = approved_comments(article)
    conf = CommentSettings.for_request(request) if request else CommentSettings()
    depends_on(request, Key.COMMENT_RULES)
    valid_until(request, conf.closes_at(article))
    return {
        "article": article,
        "threads": build_threads(comments),
        "comment_count": len(comments),
        "comments_open": conf.is_open_for(article),
        "form": CommentForm(article=article),
        "with_token": False,
        "request": request,
    }


@register.inclusion_tag("discussion/count_link.html")
def comment_count_link(article):
    """«N تعليقات» near the headline, from the same single query as the thread."""
    n = len(approved_comments(article))
    return {"n": n, "label": count_label(n), "show": n or article.comments_enabled}


@register.filter
def comment_count_label(n):
    return count_label(n)


@register.filter
def after_preposition(name):
    """«ردّ على أبي سامر»: a name as it reads after على (nashir.arabic.genitive)."""
    return genitive(name or "")
