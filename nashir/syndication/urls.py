from django.urls import path

from . import feeds, views
from .api import api_router

urlpatterns = [
    path("feed/", feeds.ArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.atom(feeds.ArticlesFeed)(), name="feed_atom"),
    path("feed/section/<str:slug>/", feeds.SectionFeed(), name="section_feed"),
    path(
        "feed/section/<str:slug>/atom/", feeds.atom(feeds.SectionFeed)(), name="section_feed_atom"
    ),
    path("feed/author/<str:slug>/", feeds.AuthorFeed(), name="author_feed"),
    path("feed/author/<str:slug>/atom/", feeds.atom(feeds.AuthorFeed)(), name="author_feed_atom"),
    path("feed/tag/<str:slug>/", feeds.TagFeed(), name="tag_feed"),
    path("feed/tag/<str:slug>/atom/", feeds.atom(feeds.TagFeed)(), name="tag_feed_atom"),
    # WordPress's addresses for the same feeds, so existing subscriptions keep working.
    path("author/<str:slug>/feed/", feeds.AuthorFeed()),
    path("tag/<str:slug>/feed/", feeds.TagFeed()),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("sitemaps/<slug:section>/", views.sitemap_section, name="sitemap_section"),
    path("sitemaps/<slug:section>/<int:number>/", views.sitemap_section, name="sitemap_section"),
    path("news-sitemap.xml", views.news_sitemap, name="news_sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("api/v2/", api_router.urls),
]
