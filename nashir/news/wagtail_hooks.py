from wagtail import hooks

from .choosers import article_chooser_viewset


@hooks.register("register_admin_viewset")
def register_article_chooser():
    return article_chooser_viewset
