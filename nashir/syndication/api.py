"""The read-only JSON API under ``/api/v2/`` (Wagtail's API v2), see docs/api.md.

Only live pages outside any view restriction are served, whoever asks; authors are served
field by field so that their e-mail address can never appear.
"""

from django.db.models import Prefetch
from rest_framework.fields import Field
from rest_framework.filters import BaseFilterBackend
from wagtail.api import APIField
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet

from nashir.core.links import absolute
from nashir.news.api import ImageField
from nashir.news.bodies import prefetch_bodies
from nashir.news.models import ArticleByline, ArticlePage, SectionPage
from nashir.people.models import Author


class PublicPagesMixin:
    """Live and public for everyone: a password or login a browser passed does not count here."""

    def get_base_queryset(self):
        return super().get_base_queryset().public()

    def get_queryset(self):
        public = self.get_base_queryset().values("pk")
        return self.model.objects.filter(pk__in=public)


class ArticleFilter(BaseFilterBackend):
    """``?section=<slug>``, ``?author=<slug>``, ``?tag=<slug>`` — the same slugs as the site's URLs."""

    def filter_queryset(self, request, queryset, view):
        if section := request.GET.get("section"):
            queryset = queryset.filter(section__slug=section)
        if author := request.GET.get("author"):
            queryset = queryset.filter(bylines__author__slug=author)
        if tag := request.GET.get("tag"):
            queryset = queryset.filter(tagged_items__tag__slug=tag)
        return queryset


class ArticlesAPIViewSet(PublicPagesMixin, PagesAPIViewSet):
    name = "articles"
    model = ArticlePage
    filter_backends = [ArticleFilter, *PagesAPIViewSet.filter_backends]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        ["section", "author", "tag"]
    )
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "published_at",
        "summary",
        "section",
        "authors",
    ]
    # One ranking query per article: served on an article's own endpoint, not in listings.
    detail_only_fields = [*PagesAPIViewSet.detail_only_fields, "related"]

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        fields = super().get_available_fields(model, db_fields_only)
        if db_fields_only:
            # ``?section=`` is our slug filter, not Wagtail's filter on the section's id.
            fields = [f for f in fields if f != "section"]
        return fields

    def get_serializer(self, *args, **kwargs):
        """A listing's kept bodies are read in one query, not one per article."""
        if kwargs.get("many") and args:
            args = (list(args[0]), *args[1:])
            prefetch_bodies(args[0], self.request)
        return super().get_serializer(*args, **kwargs)

    def get_queryset(self):
        """Newest first, with what the listing shows fetched alongside (no query per article)."""
        return (
            super()
            .get_queryset()
            .select_related("section", "featured_image", "locale")
            .prefetch_related(
                Prefetch("bylines", ArticleByline.objects.select_related("author")),
                "tagged_items__tag",
                "featured_image__renditions",
            )
            .order_by("-published_at", "-pk")
        )


class SectionsAPIViewSet(PublicPagesMixin, PagesAPIViewSet):
    name = "sections"
    model = SectionPage

    def get_queryset(self):
        return super().get_queryset().order_by("path")


class AuthorUrlField(Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, author):
        return absolute(self.context["request"], author.get_absolute_url())


class AuthorsAPIViewSet(BaseAPIViewSet):
    """Authors and desks as their author page shows them; ``email`` is not a field here."""

    name = "authors"
    model = Author
    filter_backends = [FieldsFilter, OrderingFilter, SearchFilter]
    body_fields = [
        "id",
        "name",
        "slug",
        "role",
        "bio",
        "is_desk",
        APIField("photo", serializer=ImageField("fill-240x240")),
        APIField("url", serializer=AuthorUrlField()),
    ]
    listing_default_fields = ["id", "type", "detail_url", "name", "slug", "role", "is_desk", "url"]

    def get_queryset(self):
        return (
            Author.objects.select_related("photo")
            .prefetch_related("photo__renditions")
            .order_by("name", "pk")
        )


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("articles", ArticlesAPIViewSet)
api_router.register_endpoint("sections", SectionsAPIViewSet)
api_router.register_endpoint("authors", AuthorsAPIViewSet)
