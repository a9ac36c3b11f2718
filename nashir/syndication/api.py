"""The read-only JSON API under ``/api/v2/`` (Wagtail's API v2), see docs/api.md.

Only live pages outside any view restriction are served, whoever asks; authors are served
field by field so that their e-mail address can never appear.
"""

import re

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connection, models
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from rest_framework.fields import Field
from rest_framework.filters import BaseFilterBackend
from taggit.managers import TaggableManager
from wagtail.api import APIField
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError
from wagtail.search.query import Or, PlainText

from nashir.core.ids import parse_id
from nashir.core.links import absolute
from nashir.news.api import ImageField
from nashir.news.bodies import prefetch_bodies
from nashir.news.models import ArticleByline, ArticlePage, SectionPage
from nashir.people.models import Author
from nashir.search.query import MAX_QUERY_LENGTH, plan, wagtail_query

#: What an author or section search looks for: words (letters and digits), nothing else.
WORDS = re.compile(r"\w+")


class CheckedFieldsFilter(FieldsFilter):
    """Wagtail's ``?field=value`` filters, each value checked against its column first: a value
    the column cannot hold (``?published_at=x``, an id past the integer range, a date past the
    calendar) is a 400 with a message, not a database error."""

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        for name, value in request.GET.items():
            if name in fields:
                check_filter_value(queryset.model, name, value)
        return super().filter_queryset(request, queryset, view)


def check_filter_value(model, name, value):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return
    if (
        isinstance(field, TaggableManager | models.BooleanField)
        or field.many_to_many
        or not getattr(field, "concrete", False)
    ):
        return  # tags and booleans: Wagtail reads those itself
    column = field.target_field if field.remote_field else field
    try:
        python_value = column.to_python(value)
        if isinstance(column, models.IntegerField):
            low, high = connection.ops.integer_field_range(column.get_internal_type())
            if (low is not None and python_value < low) or (
                high is not None and python_value > high
            ):
                raise ValueError("out of range")
        elif isinstance(column, models.DateTimeField) and timezone.is_naive(python_value):
            python_value = timezone.make_aware(python_value)
        column.get_db_prep_value(python_value, connection, prepared=False)
    except (ValidationError, ValueError, TypeError, OverflowError) as exc:
        raise BadRequestError(
            f"field filter error. {value!r} is not a valid value for {name}"
        ) from exc


class ArabicSearchFilter(BaseFilterBackend):
    """``?search=``: the words of the query only, never the engine's syntax.

    Wagtail's own filter hands the raw text to the engine, where a lone ``"`` is an FTS5 syntax
    error (a 500). Articles are searched as the site's search page does (nashir.search: the
    Arabic analysis, aliases), authors and sections by their words; a query with no word
    finds nothing. ``search_operator`` is ``and`` (default) or ``or``.
    """

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        operator = request.GET.get("search_operator", "and")
        if operator not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        query = self.engine_query(queryset.model, request.GET["search"], operator)
        if query is None:
            return queryset.none()
        order_by_relevance = "order" not in request.GET
        try:
            return get_search_backend().search(
                query, queryset, order_by_relevance=order_by_relevance
            )
        except (FilterFieldError, OrderByFieldError) as exc:
            raise BadRequestError(f"cannot search with this filter or order: {exc}") from exc

    def engine_query(self, model, text, operator):
        if issubclass(model, ArticlePage):
            search_plan = plan(text)
            if search_plan.is_empty:
                return None
            if operator == "or":
                return Or([PlainText(term) for term in sorted(search_plan.terms)])
            return wagtail_query(search_plan.alternatives)
        words = WORDS.findall(text[:MAX_QUERY_LENGTH])
        if not words:
            return None
        return PlainText(" ".join(words), operator=operator)


class CheckedPagination(WagtailPagination):
    """Wagtail's ``limit``/``offset``; an offset past the last item lists nothing instead of
    asking the database for row 10²⁰ (an integer it cannot hold)."""

    def paginate_queryset(self, queryset, request, view=None):
        page = super().paginate_queryset(queryset, request, view)
        if int(request.GET.get("offset", 0)) >= self.total_count:
            return []
        return page


class CheckedLookupsMixin:
    """An id no row can have (``/api/v2/articles/99999999999999999999999/``, ``find/?id=²``) is
    a 404, not a database error."""

    pagination_class = CheckedPagination

    def get_object(self):
        if parse_id(str(self.kwargs.get("pk", "")), self.model) is None:
            raise Http404("not found")
        return super().get_object()

    def find_object(self, queryset, request):
        unknown_id = "id" in request.GET and parse_id(request.GET["id"], self.model) is None
        if unknown_id and "html_path" not in request.GET:
            return None
        return super().find_object(queryset, request)


def checked_filters(backends):
    """Wagtail's filter backends with the field and search filters replaced by checked ones."""
    swap = {FieldsFilter: CheckedFieldsFilter, SearchFilter: ArabicSearchFilter}
    return [swap.get(backend, backend) for backend in backends]


class PublicPagesMixin(CheckedLookupsMixin):
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
    filter_backends = [ArticleFilter, *checked_filters(PagesAPIViewSet.filter_backends)]
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
    filter_backends = checked_filters(PagesAPIViewSet.filter_backends)

    def get_queryset(self):
        return super().get_queryset().order_by("path")


class AuthorUrlField(Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, author):
        return absolute(self.context["request"], author.get_absolute_url())


class AuthorsAPIViewSet(CheckedLookupsMixin, BaseAPIViewSet):
    """Authors and desks as their author page shows them; ``email`` is not a field here."""

    name = "authors"
    model = Author
    filter_backends = [CheckedFieldsFilter, OrderingFilter, ArabicSearchFilter]
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
