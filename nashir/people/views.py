from django.shortcuts import get_object_or_404, render

from nashir.core import pagecache
from nashir.core.pagecache import page_key
from nashir.news.models import ArticlePage, expires_with_breaking, paginate

from .models import Author


def author_page(request, slug):
    """An author's (or desk's) profile and everything published under their byline."""
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    articles = paginate(
        request, ArticlePage.objects.published().for_listing().filter(bylines__author=author)
    )
    pagecache.depends_on(
        request, f"author:{author.pk}", f"authorlist:{author.pk}", *map(page_key, articles)
    )
    expires_with_breaking(request, articles)
    return render(request, "pages/author_page.html", {"author": author, "articles": articles})
