"""nashir.core.postgresql: JSON goes to PostgreSQL as UTF-8 and comes back the same."""

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.utils import timezone
from wagtail.models import Page, Revision

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL backend's own behaviour"
)

VALUE = {"عنوان": "الأسد «قال»", "نص": 'سطر\nوشرطة \\ و"اقتباس"', "عدد": 3}


@pytest.mark.django_db
def test_json_is_sent_as_utf8_not_ascii_escapes():
    adapted = connection.ops.adapt_json_value(VALUE, DjangoJSONEncoder)
    with connection.cursor() as cursor:
        sent = cursor.cursor.mogrify("SELECT %s", [adapted])
    assert "الأسد «قال»" in sent
    assert "\\u0627" not in sent


@pytest.mark.django_db
def test_json_written_in_bulk_reads_back_the_same():
    page = Page.objects.get(depth=1)
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type_id=page.content_type_id,
            base_content_type_id=page.content_type_id,
            object_id=str(page.pk),
            content={**VALUE, "رقم": n},
            created_at=timezone.now(),
        )
        for n in range(3)
    )
    for n, revision in enumerate(revisions):
        assert Revision.objects.get(pk=revision.pk).content == {**VALUE, "رقم": n}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT content ->> 'عنوان' FROM wagtailcore_revision WHERE id = %s",
            [revisions[0].pk],
        )
        assert cursor.fetchone()[0] == "الأسد «قال»"
