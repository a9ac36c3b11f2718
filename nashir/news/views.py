from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from nashir.core import pagecache
from nashir.core.pagecache import page_key

from .models import ArticlePage, paginate


def tag_page(request, slug):
    """All published articles carrying one tag, newest first."""
    tag = get_object_or_404(Tag, slug=slug)
    articles = paginate(
        request, ArticlePage.objects.published().for_listing().filter(tagged_items__tag=tag)
    )
    pagecache.depends_on(request, f"tag:{tag.pk}", *map(page_key, articles))
    return render(request, "pages/tag_page.html", {"tag": tag, "articles": articles})
