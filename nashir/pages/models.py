"""Standard pages: «من نحن», «اتصل بنا», «سياسة الخصوصية», «شروط الاستخدام» and the like.

Pages a newsroom keeps beside its news: edited like articles, with revisions, but not
dated, bylined or listed. Those marked «إظهار في القوائم» are linked from every page's footer.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from nashir.news.blocks import ArticleImageBlock, ParagraphBlock, QuoteBlock, SubheadingBlock
from nashir.news.models import PublicPageMixin
from nashir.pagecache import Key, depends_on


class StandardPageBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock(features=["bold", "italic", "link", "ol", "ul", "h3"])
    subheading = SubheadingBlock(max_length=160)
    image = ArticleImageBlock()
    quote = QuoteBlock()


class StandardPage(PublicPageMixin, Page):
    intro = models.CharField(
        _("تعريف قصير"),
        max_length=300,
        blank=True,
        help_text=_("سطر يظهر تحت العنوان وفي وصف الصفحة لمحركات البحث."),
    )
    body = StreamField(StandardPageBodyBlock(), verbose_name=_("نص الصفحة"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["news.HomePage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage"]
    template = "pages/standard_page.html"

    class Meta:
        verbose_name = _("صفحة ثابتة")
        verbose_name_plural = _("الصفحات الثابتة")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        depends_on(request, Key.page(self))
        return context

    def page_cache_keys(self, withdrawn=False):
        """Pages marked for menus are linked from every page's footer (and a page taken out of
        the menus must leave it): edits are rare, so every page is purged."""
        return {Key.SITE}
