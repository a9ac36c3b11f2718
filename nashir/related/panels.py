"""«اقتراحات لـ«اقرأ أيضاً»» in the article editor: related articles for the text being written."""

from wagtail.admin.panels import Panel


class ReadAlsoSuggestionsPanel(Panel):
    """Lists the published articles closest to the current draft, with their ID and edit link.

    Computed when the editor opens the page (bounded work, like a publish); save the draft to
    refresh them after changing the text.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "related/suggestions_panel.html"

        def get_context_data(self, parent_context=None):
            from .engine import suggestions

            context = super().get_context_data(parent_context)
            article = self.instance
            parent = getattr(self.form, "parent_page", None)
            context["suggestions"] = suggestions(article, section_id=getattr(parent, "pk", None))
            return context
