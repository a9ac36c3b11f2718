from datetime import timedelta

from django import template
from django.conf import settings
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from wagtail.models import Site

from nashir.news.badges import is_live_now, live_now_ids
from nashir.news.models import ArticlePage, SectionPage
from nashir.pagecache import Fragment, Key, local_get_or_set, mentions

register = template.Library()

TICKER_TTL = 60  # a breaking flag that expires leaves the ticker within a minute
TICKER = Fragment("ticker", purged_by=[Key.HOME], timeout=TICKER_TTL)
NAV = Fragment("section-nav", purged_by=[])
LATEST = Fragment("latest-by-section", purged_by=[Key.HOME])
LATEST_PER_SECTION = 6
LATEST_WINDOW = 2000  # the newest articles ranked at once; a quieter section is read alone


TICKER_FIELDS = ("title", "url_path", "breaking", "breaking_until", "published_at", "path", "depth")


def ticker_items(limit=None, site=None):
    """«آخر الأخبار»: articles still breaking first, then the newest (of one site's tree)."""
    articles = ArticlePage.objects.published()
    if site is not None:
        articles = articles.descendant_of(site.root_page)
    return list(
        articles.with_breaking_now()
        .order_by("-is_breaking_now", "-published_at", "-pk")
        .only(*TICKER_FIELDS)[: limit or settings.NASHIR_TICKER_SIZE]
    )


def _site(request):
    return Site.find_for_request(request) if request is not None else None


def ticker_entries(request=None):
    """The ticker as plain data, shared by every page of a site and the JSON endpoint."""
    return ticker_kept(request)["entries"]


def ticker_kept(request=None):
    """The ticker's entries and until when they hold.

    The kept copy is valid for at most a minute and never past the moment a breaking flag
    expires, so an expired «عاجل» leaves the ticker on time without a publish.
    """
    now = timezone.now()
    site = _site(request)

    def compute():
        items = ticker_items(site=site)
        # «عاجل» first; then live coverage pages whose coverage is on, with their «مباشر»
        # badge; then the newest.
        live_ids = live_now_ids(None)
        if live_ids:
            live = ArticlePage.objects.published().filter(pk__in=live_ids)
            if site is not None:
                live = live.descendant_of(site.root_page)
            live = list(live.with_breaking_now().only(*TICKER_FIELDS))
            breaking = [i for i in items if i.is_breaking_now]
            shown = {i.pk for i in breaking}
            live = [i for i in live if i.pk not in shown]
            shown |= {i.pk for i in live}
            rest = [i for i in items if i.pk not in shown]
            items = [*breaking, *live, *rest][: len(items) or None]
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
                "live": item.pk in live_ids,
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
    return kept


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


def _latest_entries(articles):
    return [
        {"pk": a.pk, "title": a.title, "url": a.get_url(), "published_at": a.published_at}
        for a in articles
    ]


def latest_by_section(section_id):
    """The newest articles of a section for the article page's rail, from one cached map of
    every section (one ranked query fills it; `home` and `site` purges drop it), so the
    article page costs no query for it once warm."""
    found = LATEST.get()
    if found is None:
        published = ArticlePage.objects.published()
        cutoff = published.values_list("published_at", flat=True)[
            LATEST_WINDOW - 1 : LATEST_WINDOW
        ].first()
        recent = published.filter(published_at__gte=cutoff) if cutoff else published
        ranked = (
            recent.filter(section__isnull=False)
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=F("section_id"),
                    order_by=[F("published_at").desc(), F("pk").desc()],
                )
            )
            .filter(rank__lte=LATEST_PER_SECTION)
            .only("title", "url_path", "path", "depth", "published_at", "section_id")
            .order_by("section_id", "rank")
        )
        found = {}
        for article in ranked:
            found.setdefault(article.section_id, []).append(article)
        found = {sid: _latest_entries(items) for sid, items in found.items()}
        LATEST.set(found)
    if section_id not in found:
        # Nothing among the newest: a quiet section, read on its own and kept with the rest.
        items = (
            ArticlePage.objects.published()
            .filter(section_id=section_id)
            .only("title", "url_path", "path", "depth", "published_at", "section_id")[
                :LATEST_PER_SECTION
            ]
        )
        found[section_id] = _latest_entries(items)
        LATEST.set(found)
    return found[section_id]


@register.inclusion_tag("components/latest_in_section.html", takes_context=True)
def latest_in_section(context, article, limit=5):
    """«الأحدث في …»: the section's newest articles other than this one."""
    section = article.section if article.section_id else None
    if section is None:
        return {"entries": []}
    entries = [e for e in latest_by_section(section.pk) if e["pk"] != article.pk][:limit]
    request = context.get("request")
    mentions(request, *(Key.headline(e["pk"]) for e in entries))
    return {"section": section, "entries": entries, "request": request}


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


TIERS = ("lead", "secondary", "row", "text")


@register.simple_tag(takes_context=True)
def article_card(
    context, article, lead=None, show_summary=None, hide_section=None, tier=None, heading=None
):
    """A teaser card, rendered once per process and reused for ten minutes.

    `tier` is the story's rank on the page (docs/design.md): "lead" (big picture and headline,
    the default with lead=True), "secondary" (picture above the headline, the default), "row"
    (a small picture beside it) or "text" (the headline alone). `heading` is the level of its
    headline, 2 or 3, so that the page's outline stays in order (3 by default, 2 for a lead).

    A card is ~0.5 ms of template work and a listing shows up to 25, which made most of an
    uncached home or section page; the key holds every value the card shows. Options not
    given come from the surrounding template, as with ``{% include %}``.
    """
    given = {"lead": lead, "show_summary": show_summary, "hide_section": hide_section}
    flags = tuple(bool(context.get(k) if v is None else v) for k, v in given.items())
    tier = tier or context.get("tier") or ("lead" if flags[0] else "secondary")
    if tier not in TIERS:
        raise template.TemplateSyntaxError(f"article_card: unknown tier {tier!r}")
    heading = int(heading or context.get("heading") or (2 if tier == "lead" else 3))
    if tier == "lead":
        flags = (True, True, flags[2])  # a lead always shows its summary
    request = context.get("request")  # {% pageurl %} gives a site-relative URL only with it
    live_now = is_live_now(request, article)  # a live coverage page's «مباشر» badge

    def render():
        template_ = context.template.engine.get_template(CARD_TEMPLATE)
        values = dict(zip(("lead", "show_summary", "hide_section"), flags, strict=True))
        return template_.render(
            context.new(
                {
                    "article": article,
                    "request": request,
                    "tier": tier,
                    "heading": heading,
                    "live_now": live_now,
                    **values,
                }
            )
        )

    key = card_key(request, article, *flags, tier, heading, live_now)
    return local_get_or_set(("card", *key), render)
