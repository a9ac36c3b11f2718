from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from .models import ArticlePage, paginate


def tag_page(request, slug):
    """All published articles carrying one tag, newest first."""
    tag = get_object_or_404(Tag, slug=slug)
    articles = ArticlePage.objects.published().for_listing().filter(tagged_items__tag=tag)
    return render(
        request, "pages/tag_page.html", {"tag": tag, "articles": paginate(request, articles)}
    )
