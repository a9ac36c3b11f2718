"""/api/v2/live/: live coverage pages with their status and (on a page's own endpoint) entries.

They are also in /api/v2/articles/ with the article fields, as on the site's listings.
"""

from nashir.syndication.api import ArticlesAPIViewSet, api_router

from .models import LiveCoveragePage


class LiveAPIViewSet(ArticlesAPIViewSet):
    name = "live"
    model = LiveCoveragePage
    listing_default_fields = [*ArticlesAPIViewSet.listing_default_fields, "status"]
    # Up to hundreds of entries a page: on its own endpoint, not in listings.
    detail_only_fields = [*ArticlesAPIViewSet.detail_only_fields, "entries"]


def register():
    if "live" not in api_router._endpoints:
        api_router.register_endpoint("live", LiveAPIViewSet)
