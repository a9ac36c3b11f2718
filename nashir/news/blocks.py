"""The blocks an editor builds an article body from."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from .choosers import ArticleChooserBlock


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("فقرة")
        template = "components/blocks/paragraph.html"
        description = _("نص المقال: فقرة بتنسيق بسيط وروابط.")
        preview_value = "<p>نصّ فقرة تجريبية من مقال إخباري.</p>"


class SubheadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("عنوان فرعي")
        template = "components/blocks/subheading.html"
        description = _("عنوان داخل المقال يقسمه إلى أجزاء.")
        preview_value = "عنوان فرعي"


class ArticleImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("الصورة"))
    caption = blocks.CharBlock(label=_("التعليق"), required=False, max_length=250)
    credit = blocks.CharBlock(label=_("المصدر"), required=False, max_length=120)

    class Meta:
        icon = "image"
        label = _("صورة")
        template = "components/blocks/image.html"
        description = _("صورة داخل نص المقال مع تعليق ومصدر.")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("الاقتباس"))
    attribution = blocks.CharBlock(label=_("القائل"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("اقتباس")
        template = "components/blocks/quote.html"
        description = _("قول منسوب إلى صاحبه.")
        preview_value = {"text": "نص الاقتباس.", "attribution": "اسم القائل"}


class ReadAlsoBlock(ArticleChooserBlock):
    """Renders «اقرأ أيضاً: <headline>» — only while the chosen article is live. Chosen from
    the newest articles (nashir.news.choosers); stored as the article's id, as before."""

    class Meta:
        icon = "link"
        label = _("اقرأ أيضاً")
        template = "components/blocks/read_also.html"
        description = _("رابط إلى مقال آخر يظهر بعنوان «اقرأ أيضاً».")


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock(features=["bold", "italic", "link", "ol", "ul"])
    subheading = SubheadingBlock(max_length=160)
    image = ArticleImageBlock()
    quote = QuoteBlock()
    read_also = ReadAlsoBlock()
