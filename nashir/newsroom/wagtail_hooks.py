from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.components import Component

from nashir.news.models import ArticlePage

from . import autosave, outcomes  # noqa: F401  (they register hooks)
from .readcounts import most_read


class NewsroomPanel(Component):
    """The desk at a glance on the admin dashboard: what is «عاجل» now and what is read most."""

    name = "newsroom"
    template_name = "newsroom/dashboard_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["breaking"] = list(
            ArticlePage.objects.live().breaking_now().order_by("-published_at")[:10]
        )
        context["most_read"] = most_read(24)
        return context


@hooks.register("construct_homepage_panels")
def add_newsroom_panel(request, panels):
    panels.append(NewsroomPanel())


@hooks.register("insert_editor_js")
def editor_scripts():
    """The editor's own save waits for a pending autosave; choosers open with search focused;
    Enter does not break the headline."""
    return format_html('<script src="{}"></script>', static("admin/js/editor.js"))
