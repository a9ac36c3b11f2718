from django.urls import path

from . import views

urlpatterns = [
    path("live/<int:page_id>/since/<int:number>/", views.since, name="live_since"),
    path("live/<int:page_id>/feed/", views.LiveFeed(), name="live_feed"),
    path("live/<int:page_id>/feed/atom/", views.LiveAtomFeed(), name="live_feed_atom"),
]
