"""`manage.py backup` and `manage.py restore`: a round trip gives back articles, comments, images."""

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from nashir.discussion.models import Comment
from nashir.news.models import ArticlePage, HomePage
from nashir.news.tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def pg_tools():
    if connection.vendor == "postgresql" and not (
        shutil.which("pg_dump") and shutil.which("pg_restore")
    ):
        pytest.skip("pg_dump/pg_restore are not on PATH (Debian: postgresql-client)")


def snapshot(article):
    article = ArticlePage.objects.get(pk=article.pk)
    image = article.featured_image
    return {
        "title": article.title,
        "body": list(article.body.raw_data),
        "live_revision": article.live_revision.content["title"],
        "comments": list(
            Comment.objects.filter(article=article)
            .order_by("pk")
            .values_list("name", "body", "status")
        ),
        "image": (image.title, Path(image.file.path).read_bytes()),
        "articles": sorted(ArticlePage.objects.values_list("pk", flat=True)),
    }


def test_round_trip_restores_content_comments_and_images(media_on_disk, tmp_path, client):
    """After a bad day (edits, deleted comments, lost files) restore brings back the backup's site."""
    section = make_section(HomePage.objects.get(), "سوريا", "syria")
    article = make_article(
        section, "افتتاح جسر الأمويين", image=True, body=[("paragraph", "<p>نص الخبر الأصلي.</p>")]
    )
    Comment.objects.create(
        article=article, name="سلمى", email="salma@example.org", body="شكراً", status="approved"
    )
    Comment.objects.create(
        article=article, name="عمر", email="omar@example.org", body="سؤال", status="pending"
    )
    before = snapshot(article)
    archive = tmp_path / "nashir-backup.tar.gz"

    call_command("backup", str(archive))
    assert archive.stat().st_size > 0
    assert archive.stat().st_mode & 0o777 == 0o600  # e-mails and password hashes: owner only

    # Things go wrong after the backup.
    article.title = "عنوان خاطئ"
    article.save_revision().publish()
    Comment.objects.all().delete()
    Path(article.featured_image.file.path).unlink()
    make_article(section, "خبر كُتب بعد النسخة")

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
    archive.chmod(0o666)
    with pytest.raises(CommandError, match="writable by every user"):
        call_command("restore", str(archive), yes=True)
    archive.chmod(0o600)
    assert ArticlePage.objects.get(pk=article.pk).title == "عنوان خاطئ"  # nothing touched

    call_command("restore", str(archive), yes=True)

    assert snapshot(article) == before
    page = client.get(article.url).content.decode()
    assert "افتتاح جسر الأمويين" in page and "شكراً" in page


def test_restore_refuses_something_that_is_not_a_backup(tmp_path):
    """A wrong file is refused with a clear message before anything is replaced."""
    not_a_backup = tmp_path / "photos.tar.gz"
    import tarfile

    with tarfile.open(not_a_backup, "w:gz"):
        pass
    with pytest.raises(CommandError, match="not a nashir backup"):
        call_command("restore", str(not_a_backup), yes=True)
