from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.widgets import Button, ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import LiveEntriesView, can_post
from .models import LiveCoveragePage, LiveEntry


class LiveEntryViewSet(SnippetViewSet):
    """Full editor of one entry (all the article's blocks), its history and revisions."""

    model = LiveEntry
    icon = "radio-full"
    menu_label = "التحديثات المباشرة"
    menu_order = 210
    add_to_admin_menu = False
    list_display = [
        "__str__",
        "page",
        "number",
        "posted_at",
        BooleanColumn("breaking", label="عاجل"),
    ]
    list_filter = ["page", "breaking", "pinned"]
    ordering = ["-posted_at"]


register_snippet(LiveEntryViewSet)


@hooks.register("register_admin_urls")
def live_urls():
    return [path("live/<page_id:page_id>/entries/", LiveEntriesView.as_view(), name="live_entries")]


@hooks.register("register_page_header_buttons")
def entries_header_button(page, user, view_name=None, next_url=None):
    if isinstance(page.specific_deferred, LiveCoveragePage) and can_post(user):
        yield Button(
            "التحديثات", reverse("live_entries", args=[page.pk]), icon_name="radio-full", priority=5
        )


@hooks.register("register_page_listing_buttons")
def entries_listing_button(page, user, next_url=None):
    if page.specific_class is LiveCoveragePage and can_post(user):
        yield ListingButton(
            "التحديثات", reverse("live_entries", args=[page.pk]), icon_name="radio-full", priority=5
        )
