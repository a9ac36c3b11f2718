"""API fields for articles. They only ever name what a reader already sees on the page.

Kept free of model imports so ``nashir/news/models.py`` can use them in ``api_fields``.
"""

from rest_framework.fields import Field

from nashir.core.links import absolute

from .bodies import body_html


def _request(field):
    return field.context["request"]


class ArticleAuthorsField(Field):
    """The byline, in order: name, slug, role and author page — never the e-mail address."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, article):
        request = _request(self)
        return [
            {
                "id": byline.author.pk,
                "name": byline.author.name,
                "slug": byline.author.slug,
                "role": byline.author.role,
                "is_desk": byline.author.is_desk,
                "url": absolute(request, byline.author.get_absolute_url()),
            }
            for byline in article.bylines.all()
        ]


class ArticleSectionField(Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, article):
        section = article.section
        if section is None:
            return None
        return {
            "id": section.pk,
            "title": section.title,
            "slug": section.slug,
            "url": absolute(_request(self), section.get_url(_request(self))),
        }


class RelatedArticlesField(Field):
    """«مقالات ذات صلة» as the article page lists them (published articles only)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, article):
        request = _request(self)
        return [
            {"id": a.pk, "title": a.title, "url": absolute(request, a.get_url(request))}
            for a in article.related_articles()
        ]


class BodyHtmlField(Field):
    """The body rendered as on the site, with absolute links — what feeds carry as full text."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, article):
        return body_html(article, _request(self))


class TagNamesField(Field):
    """Tag names from the prefetched ``tagged_items`` (Wagtail's own field queries per article)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, article):
        return sorted(item.tag.name for item in article.tagged_items.all())


class ImageField(Field):
    """A rendition's URLs and size, like Wagtail's ImageRenditionField but from prefetched data."""

    def __init__(self, filter_spec, **kwargs):
        self.filter_spec = filter_spec
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, image):
        found = image.get_rendition(self.filter_spec)
        return {
            "url": found.url,
            "full_url": absolute(_request(self), found.url),
            "width": found.width,
            "height": found.height,
            "alt": image.default_alt_text,
        }


class StreamBlocksField(Field):
    """The body's blocks as stored (``type``, ``value``, ``id``): what Wagtail's own field gives for
    our blocks, without loading each chosen page and image (a query per article)."""

    def to_representation(self, stream):
        return [dict(block) for block in stream.raw_data]
