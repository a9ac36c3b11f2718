"""The article editor suggests «اقرأ أيضاً» links and lets editors pin related articles."""

import pytest
from django.urls import reverse

from nashir.news.tests.factories import make_article

pytestmark = pytest.mark.django_db


def body(text):
    return [("paragraph", f"<p>{text}</p>")]


@pytest.fixture
def archive(section):
    return {
        "quake": make_article(
            section, "زلزال يضرب ريف اللاذقية", body=body("هزة أرضية قوية وتصدع مبان.")
        ),
        "fire": make_article(
            section, "حرائق في غابات الساحل", body=body("النيران تلتهم أشجار الصنوبر.")
        ),
    }


def test_the_edit_view_suggests_articles_close_to_the_draft(admin_client, section, archive):
    """While writing about the earthquake, the editor sees the earthquake article suggested."""
    draft = make_article(section, "مسودة", live=False)
    draft.title = "هزات ارتدادية بعد زلزال اللاذقية"
    draft.body = body("سجل مركز الرصد هزات ارتدادية بعد الزلزال وتصدع مبان قديمة.")
    draft.save_revision()

    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).content.decode()
    assert "اقتراحات لـ«اقرأ أيضاً»" in html
    panel = html[html.index("data-read-also-suggestions") :]
    panel = panel[: panel.index("</div>")]
    assert archive["quake"].title in panel
    assert f"رقم {archive['quake'].pk}" in panel
    assert reverse("wagtailadmin_pages:edit", args=[archive["quake"].pk]) in panel
    fire_at = panel.find(archive["fire"].title)
    assert fire_at == -1 or panel.index(archive["quake"].title) < fire_at


def test_the_new_article_form_explains_the_suggestions(admin_client, section, archive):
    """Before any text is written the panel says suggestions will come, and pins can be added."""
    url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
    html = admin_client.get(url).content.decode()
    assert "لا اقتراحات بعد" in html
    assert "مقالات ذات صلة مثبّتة" in html
