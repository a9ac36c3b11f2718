from django import template
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma

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


def _definite(plural):
    """«صور» → «الصور»; a phrase («مجموعات المرادفات») or a word with its article stays."""
    plural = str(plural)
    if " " in plural.strip() or plural.startswith("ال"):
        return plural
    return "ال" + plural


@register.simple_tag
def admin_count_label(paginator):
    """How many items a listing holds, in an order Arabic grammar allows for any number:
    «عدد الصور: 35» (Wagtail writes "35 صور" and "2 التعليقات")."""
    name = paginator.verbose_name_plural if getattr(paginator, "model", None) else "العناصر"
    return f"عدد {_definite(name)}: {intcomma(paginator.count)}"


@register.simple_tag
def app_verbose_name(app_label):
    """An app's name for people («الأخبار»), not its code label («news»)."""
    from django.apps import apps

    try:
        return apps.get_app_config(app_label).verbose_name
    except LookupError:
        return app_label


@register.filter
def page_permission_label(codename):
    """A page permission as Wagtail's editor describes it («إضافة/تعديل الصفحات التي تملكها»),
    not Django's "النواة | صفحة | Can add page"."""
    from wagtail.models import Page

    codename = str(codename)
    for name, _short_label, long_label in Page.permission_types:
        if name == codename:
            return long_label
    return codename


_ACTIONS = {"add": "إضافة", "change": "تعديل", "delete": "حذف", "view": "عرض"}


@register.simple_tag
def model_permission_label(permission):
    """«إضافة كاتب», «حذف تعليق»: the action in Arabic and the model's own (translated) name,
    in place of the name Django stored when the permission was made ("Can delete كاتب")."""
    action, _, model = permission.codename.partition("_")
    model_class = permission.content_type.model_class()
    if action in _ACTIONS and model_class is not None and model == model_class._meta.model_name:
        return f"{_ACTIONS[action]} {model_class._meta.verbose_name}"
    return _translated_permission_name(permission.name)


def _translated_permission_name(name):
    from django.utils.translation import gettext

    return gettext(name)


@register.simple_tag
def public_url(page):
    """The page's address on the public site: NASHIR_BASE_URL for the default site (the address
    `make run` and the operator set), the site's own root for any other. Wagtail's
    `page.full_url` uses the Site record, which on a fresh install still says localhost:80."""
    from wagtail.models import Site

    parts = page.get_url_parts()
    if parts is None:
        return ""
    site_id, root_url, path = parts
    default_site = Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()
    if site_id == default_site:
        root_url = settings.NASHIR_BASE_URL
    return root_url.rstrip("/") + path
