from django.urls import path

from . import views

urlpatterns = [
    path("token/", views.comment_token, name="comment-token"),
    path("post/<int:article_id>/", views.post_comment, name="comment-post"),
    path("<int:article_id>/", views.comments_page, name="comment-page"),
]
