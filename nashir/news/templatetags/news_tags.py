import threading
import time
from collections import OrderedDict
from datetime import timedelta

from django import template
from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from wagtail.models import Site

from nashir.core import pagecache
from nashir.news.models import ArticlePage, SectionPage

register = template.Library()

TICKER_KEY = pagecache.register_fragment("fragment:ticker", purged_by={"home", "site"})
NAV_KEY = pagecache.register_fragment("fragment:section-nav", purged_by={"site"})
TICKER_TTL = 60  # a breaking flag that expires leaves the ticker within a minute
LATEST_KEY = pagecache.register_fragment("fragment:latest-by-section", purged_by={"home", "site"})
LATEST_PER_SECTION = 6
LATEST_WINDOW = 2000  # the newest articles ranked at once; a quieter section is read alone


def ticker_items(limit=None):
    """«آخر الأخبار»: articles still breaking first, then the newest."""
    return list(
        ArticlePage.objects.published()
        .with_breaking_now()
        .order_by("-is_breaking_now", "-published_at", "-pk")
        .only("title", "url_path", "breaking", "breaking_until", "published_at", "path", "depth")[
            : limit or settings.NASHIR_TICKER_SIZE
        ]
    )


def ticker_entries():
    """The ticker as plain data, shared by every page and the JSON endpoint, cached briefly.

    The cached copy is valid for at most a minute and never past the moment a breaking flag
    expires, so an expired «عاجل» leaves the ticker on time without a publish.
    """
    now = timezone.now()
    cached = cache.get(TICKER_KEY)
    if cached is not None and cached["valid_until"] > now:
        return cached["entries"]
    items = ticker_items()
    entries = [
        {
            "title": item.title,
            "url": item.get_url(),
            "breaking": bool(item.is_breaking_now),
            "published_at": item.published_at.isoformat() if item.published_at else None,
        }
        for item in items
    ]
    valid_until = now + timedelta(seconds=TICKER_TTL)
    expiries = [i.breaking_until for i in items if i.is_breaking_now and i.breaking_until]
    if expiries:
        valid_until = min(valid_until, *expiries)
    cache.set(TICKER_KEY, {"entries": entries, "valid_until": valid_until}, TICKER_TTL)
    return entries


def section_entries(request):
    entries = cache.get(NAV_KEY)
    if entries is None:
        site = Site.find_for_request(request) if request else None
        sections = SectionPage.objects.live().filter(depth=3).order_by("path")
        if site:
            sections = sections.descendant_of(site.root_page)
        entries = [
            {"title": s.title, "slug": s.slug, "url": s.get_url(request), "path": s.path}
            for s in sections.only("title", "slug", "url_path", "path", "depth")
        ]
        cache.set(NAV_KEY, entries, 3600)
    return entries


def _latest_entries(articles):
    return [
        {"pk": a.pk, "title": a.title, "url": a.get_url(), "published_at": a.published_at}
        for a in articles
    ]


def latest_by_section(section_id):
    """The newest articles of a section for the article page's rail, from one cached map of
    every section (one ranked query fills it; `home` and `site` purges drop it), so the
    article page costs no query for it once warm."""
    found = cache.get(LATEST_KEY)
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
        cache.set(LATEST_KEY, found, 3600)
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
        cache.set(LATEST_KEY, found, 3600)
    return found[section_id]


@register.inclusion_tag("components/latest_in_section.html", takes_context=True)
def latest_in_section(context, article, limit=5):
    """«الأحدث في …»: the section's newest articles other than this one."""
    section = article.section if article.section_id else None
    if section is None:
        return {"entries": []}
    entries = [e for e in latest_by_section(section.pk) if e["pk"] != article.pk][:limit]
    return {"section": section, "entries": entries, "request": context.get("request")}


@register.inclusion_tag("components/ticker.html", takes_context=True)
def ticker(context):
    return {"items": ticker_entries(), "request": context.get("request")}


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
CARD_CACHE_SIZE = 4096
CARD_CACHE_TTL = 600  # only so that old cards leave memory: keys carry what cards show
_cards = OrderedDict()
_cards_lock = threading.Lock()


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


def forget_cards():
    """Drop this process's cards (tests start from none)."""
    with _cards_lock:
        _cards.clear()


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
    key = card_key(request, article, *flags, tier, heading)
    now = time.monotonic()
    with _cards_lock:
        found = _cards.get(key)
        if found is not None and found[0] > now:
            _cards.move_to_end(key)
            return found[1]
    template_ = context.template.engine.get_template(CARD_TEMPLATE)
    values = dict(zip(("lead", "show_summary", "hide_section"), flags, strict=True))
    html = template_.render(
        context.new(
            {"article": article, "request": request, "tier": tier, "heading": heading, **values}
        )
    )
    with _cards_lock:
        _cards[key] = (now + CARD_CACHE_TTL, html)
        while len(_cards) > CARD_CACHE_SIZE:
            _cards.popitem(last=False)
    return html
