from django.urls import path

from . import views

urlpatterns = [
    path("live/<page_id:page_id>/since/<page_id:number>/", views.since, name="live_since"),
    path("live/<page_id:page_id>/feed/", views.LiveFeed(), name="live_feed"),
    path("live/<page_id:page_id>/feed/atom/", views.LiveAtomFeed(), name="live_feed_atom"),
]
