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
