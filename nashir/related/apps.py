from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelatedConfig(AppConfig):
    name = "nashir.related"
    label = "related"
    verbose_name = _("مقالات ذات صلة")

    def ready(self):
        """The editor's «اقرأ أيضاً» suggestions go under the article body.

        Added from here, not named in ArticlePage.content_panels, because the suggestions come
        from this app's engine, which reads the news models: news must not import it back.
        """
        from wagtail.admin.panels import FieldPanel

        from nashir.news.models import ArticlePage

        from .panels import ReadAlsoSuggestionsPanel

        panels = ArticlePage.content_panels
        after = next(
            i for i, p in enumerate(panels) if isinstance(p, FieldPanel) and p.field_name == "body"
        )
        if not any(isinstance(p, ReadAlsoSuggestionsPanel) for p in panels):
            panels.insert(after + 1, ReadAlsoSuggestionsPanel(heading=_("اقتراحات لـ«اقرأ أيضاً»")))
