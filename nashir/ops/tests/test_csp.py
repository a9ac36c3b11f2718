"""The reader's pages carry a strict Content-Security-Policy and give it nothing to block."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from nashir.news.tests.factories import make_article

pytestmark = pytest.mark.django_db

EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "module", "application/javascript"}


def inline_code(html):
    """Inline scripts and style attributes/elements: what `script-src`/`style-src 'self'` block."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for script in soup.find_all("script"):
        if script.get("type", "").lower() in EXECUTABLE_SCRIPT_TYPES and not script.get("src"):
            found.append(str(script)[:80])
    found += [str(tag)[:80] for tag in soup.find_all("style")]
    found += [str(tag)[:80] for tag in soup.find_all(style=True)]
    found += [
        f"{tag.name} {attr}"
        for tag in soup.find_all(True)
        for attr in tag.attrs
        if attr.lower().startswith("on")
    ]
    return found


def test_public_pages_send_the_policy(client, section):
    """Home, section and article pages forbid scripts, styles and frames from anywhere else."""
    article = make_article(section, "خبر عن السياسة الأمنية", image=True)
    for url in ("/", section.url, article.url, "/search/?q=خبر"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Security-Policy"] == settings.NASHIR_CSP, url
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_pages_have_no_inline_code_the_policy_would_block(client, section):
    """Nothing on a reader's page relies on inline scripts, styles or event handlers."""
    article = make_article(section, "خبر بلا شيفرة مضمّنة", image=True)
    for url in ("/", section.url, article.url):
        html = client.get(url).content.decode()
        assert inline_code(html) == [], url


def test_admin_gets_no_policy(admin_client):
    """Wagtail's admin needs its inline scripts and styles, so it is left without the policy."""
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


def test_a_preview_may_be_framed_by_the_admin_only(admin_client, section):
    """The side panel «معاينة» frames the preview: it allows the site's own origin to frame it
    (CSP and X-Frame-Options), while the same article's public page still forbids any frame."""
    from django.urls import reverse

    from nashir.newsroom.tests.conftest import edit_form_data

    article = make_article(section, "خبر للمعاينة")
    user = admin_client.get("/admin/").wsgi_request.user
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])
    data = edit_form_data(article, user, title="عنوان في المعاينة")
    assert admin_client.post(url, data).json()["is_valid"]
    preview = admin_client.get(url, {"in_preview_panel": "true"})
    assert "عنوان في المعاينة" in preview.content.decode()
    assert "frame-ancestors 'self'" in preview["Content-Security-Policy"]
    assert "frame-ancestors 'none'" not in preview["Content-Security-Policy"]
    assert preview["X-Frame-Options"] == "SAMEORIGIN"

    public = admin_client.get(article.url)
    assert "frame-ancestors 'none'" in public["Content-Security-Policy"]
    assert public["X-Frame-Options"] == "DENY"
