"""Background tasks of the newsroom (django-tasks: the worker in production, inline in dev)."""

from django_tasks import task


@task()
def prerender_after_publish(article_id):
    """Render what readers open first after a publish — the article, its section, the home
    page — so that the first of them is served a kept page instead of waiting for a render.
    Queued by nashir.related once the article's related list is stored."""
    from nashir.core import pagecache

    from .models import ArticlePage

    article = ArticlePage.objects.live().public().filter(pk=article_id).first()
    if article is None:
        return {}
    parts = article.get_url_parts()
    if parts is None:
        return {}
    _, root_url, article_path = parts
    section_path = article.section.get_url_parts()[2] if article.section_id else None
    paths = [article_path, *([section_path] if section_path else []), "/"]
    return pagecache.prerender(root_url, paths)
