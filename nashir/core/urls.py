from django.urls import path

from . import views

urlpatterns = [
    path("favicon.ico", views.favicon, name="favicon"),
    path("apple-touch-icon.png", views.apple_touch_icon, name="apple_touch_icon"),
    # iOS asks for this name too when a page links none.
    path("apple-touch-icon-precomposed.png", views.apple_touch_icon),
    path("icon-<int:size>.png", views.icon_png, name="site_icon"),
    path("icon-512-maskable.png", views.icon_png, {"size": 512, "maskable": True}),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("brand.css", views.brand_stylesheet, name="brand_css"),
]
