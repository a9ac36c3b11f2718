"""Build a small newsroom in tests: sections, articles, images — through Wagtail's own tree API."""

import io
import itertools
from datetime import timedelta

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model

from nashir.news.models import ArticleByline, ArticlePage, SectionPage
from nashir.people.tests.factories import AuthorFactory

_counter = itertools.count(1)


def make_image(title="صورة"):
    buf = io.BytesIO()
    PILImage.new("RGB", (64, 36), (200, 120, 80)).save(buf, format="JPEG")
    image = get_image_model()(title=title)
    image.file = ImageFile(io.BytesIO(buf.getvalue()), name=f"test-{next(_counter)}.jpg")
    image.save()
    return image


def make_section(home, title, slug):
    section = SectionPage(title=title, slug=slug, show_in_menus=True)
    home.add_child(instance=section)
    section.save_revision().publish()
    return section


def make_article(
    section,
    title=None,
    *,
    authors=None,
    tags=(),
    body=None,
    live=True,
    breaking=False,
    hours_ago=None,
    image=False,
    summary="ملخص قصير للخبر.",
    slug=None,
):
    """An article as an editor would make it: saved as a revision, then published (or not)."""
    n = next(_counter)
    article = ArticlePage(
        title=title or f"خبر تجريبي رقم {n}",
        slug=slug or f"article-{n}",
        summary=summary,
        body=body if body is not None else [("paragraph", "<p>نص الخبر.</p>")],
        breaking=breaking,
        featured_image=make_image() if image else None,
        live=False,
    )
    for author in authors if authors is not None else [AuthorFactory()]:
        article.bylines.add(ArticleByline(author=author))
    if tags:
        article.tags.add(*tags)
    section.add_child(instance=article)
    revision = article.save_revision()
    if live:
        revision.publish()
        article.refresh_from_db()
        if hours_ago is not None:
            when = timezone.now() - timedelta(hours=hours_ago)
            ArticlePage.objects.filter(pk=article.pk).update(
                published_at=when, first_published_at=when, last_published_at=when
            )
            article.refresh_from_db()
    return article
