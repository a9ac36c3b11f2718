from django.urls import path

from . import views

urlpatterns = [
    path("token/", views.comment_token, name="comment-token"),
    path("post/<page_id:article_id>/", views.post_comment, name="comment-post"),
    path("<page_id:article_id>/", views.comments_page, name="comment-page"),
]
