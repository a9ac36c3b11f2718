"""The page cache's background work: pages rendered before readers ask (purges that failed
are retried by `purge.retry_purge`)."""

from django_tasks import task


@task()
def render_ahead(urls):
    """Render these pages as a reader's first request would, so that reader gets a kept page."""
    from .prerender import render

    return render(urls)
