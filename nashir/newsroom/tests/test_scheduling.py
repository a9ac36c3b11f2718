from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from nashir.news.models import ArticlePage

from .conftest import edit_form_data, owned_article

pytestmark = pytest.mark.django_db

NINE = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def run_timer():
    """What the systemd timer / cron job does every minute."""
    call_command("publish_scheduled", verbosity=0)


def test_editor_schedules_an_article_and_the_timer_publishes_it_on_time(client, section, editor):
    """«نشر» with a future go-live time waits; the timer publishes it once that time has come."""
    with time_machine.travel(NINE, tick=False) as traveller:
        article = owned_article(section, editor, live=False, title="خبر مجدول")
        client.force_login(editor)
        data = edit_form_data(article, editor, go_live_at=NINE + timedelta(hours=1))
        data["action-publish"] = "1"
        response = client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data)
        assert response.status_code == 302
        article.refresh_from_db()
        assert not article.live and article.status_string == "مجدول"
        assert client.get(article.url).status_code == 404

        traveller.move_to(NINE + timedelta(minutes=59))
        run_timer()
        assert not ArticlePage.objects.get(pk=article.pk).live

        traveller.move_to(NINE + timedelta(hours=1, minutes=1))
        run_timer()
        article.refresh_from_db()
        assert article.live
        client.logout()
        assert client.get(article.url).status_code == 200


def test_an_expired_article_is_taken_off_the_site_by_the_timer(client, section, editor):
    """An article with an expiry time leaves the site, the home page and the ticker when it passes."""
    with time_machine.travel(NINE, tick=False) as traveller:
        article = owned_article(section, editor, title="عرض ينتهي ظهراً")
        article.expire_at = NINE + timedelta(hours=3)
        article.save_revision(user=editor).publish(user=editor)
        assert "عرض ينتهي ظهراً" in client.get("/").content.decode()

        traveller.move_to(NINE + timedelta(hours=3, minutes=1))
        run_timer()
        article.refresh_from_db()
        assert not article.live and article.expired
        assert client.get(article.url).status_code == 404
        assert "عرض ينتهي ظهراً" not in client.get("/").content.decode()


def test_writer_cannot_schedule_publication(client, section, writer):
    """Scheduling is publishing: a writer's go-live time waits for an editor's approval."""
    with time_machine.travel(NINE, tick=False) as traveller:
        article = owned_article(section, writer, live=False)
        client.force_login(writer)
        data = edit_form_data(article, writer, go_live_at=NINE + timedelta(hours=1))
        data["action-publish"] = "1"
        client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data)
        traveller.move_to(NINE + timedelta(hours=2))
        run_timer()
        assert not ArticlePage.objects.get(pk=article.pk).live
