"""An article's body as stand-alone HTML, for feeds and the API.

Software that is not on our site gets every link and image with the site's address. The body is
rendered once and kept (``nashir.pagecache.keep``) until the article or something its body shows
changes (a «اقرأ أيضاً» article withdrawn, a picture replaced); a request only swaps in the host.
"""

from nashir.core.links import absolutize_html, site_root
from nashir.pagecache import Key, depends_on, keep
from nashir.pagecache.kept import Collector, prefetch


def _body_name(article):
    return f"body/{article.pk}"


def render_body_html(article, request=None):
    """The body blocks through their own templates, with root-relative URLs, kept."""

    def render():
        depends_on(
            collector,
            Key.page(article),
            *map(Key.page, article.read_also_ids()),
            *map(Key.image, article.body_image_ids()),
        )
        return {"html": str(article.body)}

    collector = Collector()
    return keep(_body_name(article), render, collector, prefetched_on=request)["html"]


def prefetch_bodies(articles, request):
    """Read the kept bodies of a listing's articles in one query."""
    prefetch(request, [_body_name(article) for article in articles])


def body_html(article, request):
    """The full text with absolute URLs."""
    return absolutize_html(render_body_html(article, request), site_root(request))
