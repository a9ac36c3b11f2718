from django.urls import path

from .views import read_beacon

urlpatterns = [path("beacon/read/<page_id:article_id>/", read_beacon, name="read_beacon")]
