from django.urls import path

from .views import most_read_block, read_beacon

urlpatterns = [
    path("beacon/read/<page_id:article_id>/", read_beacon, name="read_beacon"),
    path("most-read/", most_read_block, name="most_read_block"),
]
