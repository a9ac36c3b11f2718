from django.urls import path

from .views import read_beacon

urlpatterns = [path("beacon/read/<int:article_id>/", read_beacon, name="read_beacon")]
