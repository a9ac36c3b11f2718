from datetime import timedelta

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Site

from nashir.core import pagecache
from nashir.news.models import ArticlePage, SectionPage

register = template.Library()

TICKER_KEY = pagecache.register_fragment("fragment:ticker", purged_by={"home", "site"})
NAV_KEY = pagecache.register_fragment("fragment:section-nav", purged_by={"site"})
TICKER_TTL = 60  # a breaking flag that expires leaves the ticker within a minute


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
