from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import AliasGroup


class AliasGroupViewSet(SnippetViewSet):
    """«المرادفات»: where editors say which names mean the same thing to a reader."""

    model = AliasGroup
    icon = "resubmit"
    menu_label = _("المرادفات")
    menu_name = "aliases"
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "terms", BooleanColumn("is_shipped", label=_("مرفقة بناشر"))]
    search_fields = ["name", "terms"]


register_snippet(AliasGroupViewSet)
