from django.conf import settings
from django.urls import include, path
from django.views.decorators.cache import never_cache
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from nashir.core.admin_views import AdminLoginView
from nashir.news.views import tag_page, ticker_json
from nashir.ops.metrics import metrics
from nashir.ops.views import health
from nashir.people.views import author_page
from nashir.search.views import search

# Arabic answers for refused requests and an apology with a request id for errors (nashir.ops.errors).
handler400 = "nashir.ops.errors.bad_request"
handler403 = "nashir.ops.errors.permission_denied"
handler500 = "nashir.ops.errors.server_error"

urlpatterns = [
    path("health/", health, name="health"),
    path("metrics/", metrics, name="metrics"),
    path("admin/login/", never_cache(AdminLoginView.as_view()), name="wagtailadmin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("tag/<str:slug>/", tag_page, name="tag"),
    path("ticker/", ticker_json, name="ticker_json"),
    path("ticker.json", ticker_json),  # asked for by pages kept before /ticker/
    path("author/<str:slug>/", author_page, name="author"),
    path("search/", search, name="search"),
    path("comments/", include("nashir.discussion.urls")),
    path("", include("nashir.live.urls")),
    path("", include("nashir.core.urls")),
    path("", include("nashir.newsroom.urls")),
    path("", include("nashir.syndication.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
else:
    from django.views.static import serve

    # The embedded default serves uploaded media itself; production puts nginx in front.
    urlpatterns += [
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]
