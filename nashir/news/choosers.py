"""«اقرأ أيضاً»: the editor picks an article from the newest ones, searching by headline.

Wagtail's page chooser opens on the page tree (home → sections → articles, 25 at a time in
tree order), so finding yesterday's story meant opening a section and paging through it. This
chooser lists live articles newest first, with their section and date, and its search box has
the focus as soon as it opens.
"""

from django import forms
from wagtail.admin.forms.choosers import BaseFilterForm, SearchFilterMixin
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet


class ArticleSearchForm(SearchFilterMixin, BaseFilterForm):
    q = forms.CharField(
        label="ابحث في العناوين",
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": "ابحث في عناوين المقالات", "data-nashir-autofocus": ""}
        ),
    )


class NewestArticlesMixin:
    filter_form_class = ArticleSearchForm

    def get_object_list(self):
        # the viewset's model (news.ArticlePage), without importing the models that use it
        return self.model_class.objects.live().select_related("section")

    def apply_object_list_ordering(self, objects):
        return objects.order_by("-published_at", "-pk")

    @property
    def columns(self):
        return [
            *super().columns,
            Column(
                "section", label="القسم", accessor=lambda a: a.section.title if a.section else ""
            ),
            DateColumn("published_at", label="نُشر في"),
        ]


class ArticleChooseView(NewestArticlesMixin, ChooseView):
    pass


class ArticleChooseResultsView(NewestArticlesMixin, ChooseResultsView):
    pass


class ArticleChooserViewSet(ChooserViewSet):
    model = "news.ArticlePage"
    icon = "doc-full"
    choose_one_text = "اختر مقالاً"
    choose_another_text = "اختر مقالاً آخر"
    edit_item_text = "تحرير المقال"
    page_title = "اختر مقالاً"
    per_page = 20
    choose_view_class = ArticleChooseView
    choose_results_view_class = ArticleChooseResultsView


article_chooser_viewset = ArticleChooserViewSet("article_chooser")

ArticleChooserBlock = article_chooser_viewset.get_block_class(
    name="ArticleChooserBlock", module_path="nashir.news.choosers"
)
