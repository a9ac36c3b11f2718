from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "الكتّاب"
    menu_order = 200
    add_to_admin_menu = True
    # «توقيع جماعي» as a tick or a cross (read «نعم»/«لا»), not Python's True/False.
    list_display = ["name", "role", BooleanColumn("is_desk", label="توقيع جماعي")]
    list_filter = ["is_desk"]
    search_fields = ["name"]


register_snippet(AuthorViewSet)
