from datetime import timedelta

from django import template
from django.conf import settings
from django.utils import timezone
from wagtail.models import Site

from nashir.news.models import ArticlePage, SectionPage
from nashir.pagecache import Fragment, Key, local_get_or_set, mentions

register = template.Library()

TICKER_TTL = 60  # a breaking flag that expires leaves the ticker within a minute
TICKER = Fragment("ticker", purged_by=[Key.HOME], timeout=TICKER_TTL)
NAV = Fragment("section-nav", purged_by=[])


def ticker_items(limit=None, site=None):
    """«آخر الأخبار»: articles still breaking first, then the newest (of one site's tree)."""
    articles = ArticlePage.objects.published()
    if site is not None:
        articles = articles.descendant_of(site.root_page)
    return list(
        articles.with_breaking_now()
        .order_by("-is_breaking_now", "-published_at", "-pk")
        .only("title", "url_path", "breaking", "breaking_until", "published_at", "path", "depth")[
            : limit or settings.NASHIR_TICKER_SIZE
        ]
    )


def _site(request):
    return Site.find_for_request(request) if request is not None else None


def ticker_entries(request=None):
    """The ticker as plain data, shared by every page of a site and the JSON endpoint.

    The kept copy is valid for at most a minute and never past the moment a breaking flag
    expires, so an expired «عاجل» leaves the ticker on time without a publish.
    """
    now = timezone.now()
    site = _site(request)

    def compute():
        items = ticker_items(site=site)
        valid_until = now + timedelta(seconds=TICKER_TTL)
        expiries = [i.breaking_until for i in items if i.is_breaking_now and i.breaking_until]
        if expiries:
            valid_until = min(valid_until, *expiries)
        entries = [
            {
                "id": item.pk,
                "title": item.title,
                "url": item.get_url(request),
                "breaking": bool(item.is_breaking_now),
                "published_at": item.published_at.isoformat() if item.published_at else None,
            }
            for item in items
        ]
        return {"entries": entries, "valid_until": valid_until}

    part = getattr(site, "pk", 0)
    kept = TICKER.get_or_set(compute, part=part)
    if kept["valid_until"] <= now:  # a «عاجل» mark ran out: compute it again
        TICKER.drop()
        kept = TICKER.get_or_set(compute, part=part)
    return kept["entries"]


def section_entries(request):
    site = _site(request)

    def sections_of_site():
        sections = SectionPage.objects.live().filter(depth=3).order_by("path")
        if site:
            sections = sections.descendant_of(site.root_page)
        return [
            {"title": s.title, "slug": s.slug, "url": s.get_url(request), "path": s.path}
            for s in sections.only("title", "slug", "url_path", "path", "depth")
        ]

    return NAV.get_or_set(sections_of_site, part=getattr(site, "pk", 0))


@register.inclusion_tag("components/ticker.html", takes_context=True)
def ticker(context):
    """«آخر الأخبار» on every page: a page showing a headline is purged when that article is
    withdrawn (newer and edited headlines reach cached pages by the ticker's refresh)."""
    request = context.get("request")
    items = ticker_entries(request)
    mentions(request, *(Key.headline(item["id"]) for item in items))
    return {"items": items, "request": request}


@register.inclusion_tag("components/section_nav.html", takes_context=True)
def section_nav(context):
    request = context.get("request")
    current = context.get("page")
    return {
        "sections": section_entries(request),
        "current_path": getattr(current, "path", ""),
        "request": request,
    }


CARD_TEMPLATE = "components/article_card.html"


def card_key(request, article, *flags):
    """Everything a card shows, so that any change (a publish, a move, a renamed section, a
    replaced picture or focal point, a «عاجل» mark running out) makes a new key and no purge
    has to reach every process."""
    section = article.section if article.section_id else None
    image = article.featured_image if article.featured_image_id else None
    site = getattr(request, "_wagtail_site", None)
    return (
        article.pk,
        article.title,
        article.kicker,
        article.summary,
        article.published_at,
        article.url_path,
        article.is_breaking,
        section.title if section else None,
        image
        and (
            image.pk,
            image.file.name,
            image.focal_point_x,
            image.focal_point_y,
            image.focal_point_width,
            image.focal_point_height,
        ),
        getattr(site, "pk", None),
        *flags,
    )


@register.simple_tag(takes_context=True)
def article_card(context, article, lead=None, show_summary=None, hide_section=None):
    """A teaser card, rendered once per process and reused for ten minutes.

    A card is ~0.5 ms of template work and a listing shows up to 25, which made most of an
    uncached home or section page; the key holds every value the card shows. Options not
    given come from the surrounding template, as with ``{% include %}``.
    """
    given = {"lead": lead, "show_summary": show_summary, "hide_section": hide_section}
    flags = tuple(bool(context.get(k) if v is None else v) for k, v in given.items())
    request = context.get("request")  # {% pageurl %} gives a site-relative URL only with it

    def render():
        template = context.template.engine.get_template(CARD_TEMPLATE)
        values = dict(zip(("lead", "show_summary", "hide_section"), flags, strict=True))
        return template.render(context.new({"article": article, "request": request, **values}))

    return local_get_or_set(("card", *card_key(request, article, *flags)), render)
