from django.shortcuts import get_object_or_404, render

from nashir.news.models import ArticlePage, paginate, shows_articles
from nashir.pagecache import Key

from .models import Author


def author_page(request, slug):
    """An author's (or desk's) profile and everything published under their byline."""
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    articles = paginate(
        request, ArticlePage.objects.published().for_listing().filter(bylines__author=author)
    )
    shows_articles(request, articles, Key.author(author), Key.author_list(author))
    return render(request, "pages/author_page.html", {"author": author, "articles": articles})
