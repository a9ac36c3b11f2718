import datetime

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from nashir.news.models import ArticleByline, ArticlePage
from nashir.news.templatetags.news_tags import section_entries
from nashir.pagecache import Fragment, Key
from nashir.people.models import Author

from .forms import SearchForm
from .query import MAX_QUERY_LENGTH, MAX_RESULTS, plan, ranked_ids
from .snippets import highlight, highlight_all

PAGE_SIZE = 10
#: What a result shows (headline, link, kicker, snippet, section, date): a page of ten full
#: Wagtail pages and their sections took ~9 ms to load, most of it building 70 fields each.
RESULT_FIELDS = (
    "title",
    "url_path",
    "kicker",
    "summary",
    "body",
    "published_at",
    "section__title",
    "section__url_path",
)
AUTHORS = Fragment("search-authors", purged_by=[Key.AUTHORS])


def author_choices():
    """The author filter's options, cached like the navigation until an author changes."""
    return AUTHORS.get_or_set(lambda: list(Author.objects.order_by("name").values("slug", "name")))


def _filtered(filters):
    """Published articles narrowed by the reader's filters, before the full-text match."""
    queryset = ArticlePage.objects.published().order_by()
    if "section" in filters:
        queryset = queryset.filter(section=filters["section"])
    if "author" in filters:
        queryset = queryset.filter(
            id__in=ArticleByline.objects.filter(author=filters["author"]).values("article_id")
        )
    if "date_from" in filters:
        start = _moment(filters["date_from"], datetime.time.min)
        queryset = queryset.filter(published_at__gte=start)
    if "date_to" in filters:
        end = _moment(filters["date_to"], datetime.time.max)
        queryset = queryset.filter(published_at__lte=end)
    return queryset


def _moment(day, time):
    """The newsroom's `day` at `time`, as a UTC instant the database can compare.

    At the ends of the calendar (0001-01-01, 9999-12-31) the local time has no UTC instant;
    the earliest or latest one stands in, which filters exactly as the reader meant.
    """
    local = datetime.datetime.combine(day, time, tzinfo=timezone.get_current_timezone())
    try:
        return local.astimezone(datetime.UTC)
    except OverflowError:
        edge = datetime.datetime.min if day.year == datetime.MINYEAR else datetime.datetime.max
        return edge.replace(tzinfo=datetime.UTC)


def search(request):
    """/search/?q=…: articles ranked by relevance and freshness, with highlighted snippets."""
    form = SearchForm(request.GET)
    search_plan = plan(request.GET.get("q", ""))
    filters = form.filters()
    context = {
        "query": search_plan.text,
        "plan": search_plan,
        "results": None,
        "filters": filters,
        # Rendered by hand in the template: Django's widget templates cost ~50 ms a page.
        "sections": section_entries(request),
        "authors": author_choices(),
    }
    context["max_length"] = MAX_QUERY_LENGTH
    context["max_results"] = MAX_RESULTS
    if not search_plan.is_empty:
        ids = ranked_ids(_filtered(filters), search_plan)
        paginator = Paginator(ids, PAGE_SIZE)
        number = request.GET.get("page") or 1
        try:
            page = paginator.page(number)
        except (EmptyPage, PageNotAnInteger) as exc:
            if not ids:
                page = paginator.page(1)
            else:
                raise Http404("لا توجد صفحة بهذا الرقم.") from exc
        articles = (
            ArticlePage.objects.filter(pk__in=page.object_list)
            .select_related("section")
            .only(*RESULT_FIELDS)
        )
        by_id = {a.pk: a for a in articles}
        page.object_list = [by_id[pk] for pk in page.object_list if pk in by_id]
        terms = search_plan.terms
        for article in page.object_list:
            text = f"{article.summary} {article.body_text()}"
            article.snippet = highlight(text, terms)
            article.title_html = highlight_all(article.title, terms)
        context["results"] = page
    return render(request, "search/search_page.html", context)
