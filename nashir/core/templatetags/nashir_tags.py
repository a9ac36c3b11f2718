from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("components/pagination.html", takes_context=True)
def pagination(context, page_obj):
    """Numbered pages around the current one, keeping other query parameters."""
    request = context["request"]
    params = request.GET.copy()
    params.pop("page", None)
    base = params.urlencode()
    prefix = f"?{base}&page=" if base else "?page="
    numbers = page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    return {"page_obj": page_obj, "prefix": prefix, "numbers": numbers}


@register.simple_tag
def admin_site_name():
    """The product's name in the admin (settings.WAGTAIL_SITE_NAME): tab titles, login, e-mails."""
    return settings.WAGTAIL_SITE_NAME
