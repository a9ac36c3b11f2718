"""The shipped deploy/nginx.conf in front of nashir: cached pages from files, purged on publish."""

import http.client
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from nashir.news.tests.factories import make_article

pytestmark = [
    pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def nginx(live_server, settings, tmp_path):
    """nginx in front of the live server, as a reader reaches the site at http://127.0.0.1/."""
    from wagtail.models import Site

    Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=80)
    var = tmp_path / "var"
    (var / "pagecache").mkdir(parents=True)
    settings.NASHIR_PAGE_CACHE_DIR = var / "pagecache"
    app_port = int(live_server.url.rsplit(":", 1)[1])
    port = free_port()
    conf = (DEPLOY / "nginx.conf").read_text()
    conf = conf.replace("/srv/nashir/var", str(var)).replace("/srv/nashir/deploy", str(DEPLOY))
    conf = re.sub(r"server 127\.0\.0\.1:800\d;\n\s*", "", conf, count=1)
    conf = re.sub(r"server 127\.0\.0\.1:800\d;", f"server 127.0.0.1:{app_port};", conf)
    conf = conf.replace("listen [::]:80;", "").replace("listen 80;", f"listen 127.0.0.1:{port};")
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"user root; worker_processes 1; pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        f"events {{ worker_connections 64; }}\n"
        f"http {{ include /etc/nginx/mime.types; access_log off; {conf} }}\n"
    )
    proc = subprocess.Popen(
        ["nginx", "-c", str(main), "-p", str(tmp_path), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield port
    proc.terminate()
    proc.wait(timeout=10)


def get(port, path, cookie=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    conn.request("GET", quote(path, safe="/?=&%"), headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    return response.status, dict(response.getheaders()), response.read().decode()


def test_nginx_serves_cached_pages_and_never_a_stale_one(nginx, section):
    """nginx answers from the cache files; after a publish the next reader gets the new page."""
    article = make_article(section, "خبر يمر عبر nginx", tags=["المياه"])
    article.slug = "خبر-عربي"
    article.save_revision().publish()
    article.refresh_from_db()
    # The publish rendered the article, its section and home ahead (nashir.publishing):
    # even the first reader is served by nginx.
    for path in [article.url, "/syria/", "/"]:
        status, headers, body = get(nginx, path)
        assert status == 200 and headers.get("X-Page-Cache") == "nginx", path
        assert "خبر يمر عبر nginx" in body
        assert "Content-Security-Policy" in headers
    status, headers, _ = get(nginx, "/tag/المياه/")  # not rendered ahead: the app stores it
    assert status == 200 and headers.get("X-Page-Cache") == "stored"
    assert get(nginx, "/tag/المياه/")[1].get("X-Page-Cache") == "nginx"

    article.title = "خبر يمر عبر nginx بعد التعديل"
    article.save_revision().publish()
    for path in [article.url, "/syria/", "/", "/tag/المياه/"]:
        status, headers, body = get(nginx, path)
        assert "خبر يمر عبر nginx بعد التعديل" in body, path
    with_settings_off = get(nginx, "/tag/المياه/")[1].get("X-Page-Cache")
    assert with_settings_off == "nginx"  # the tag page was purged, rendered, stored again


def test_nginx_serves_the_ticker_refresh_as_json(nginx, section):
    """/ticker/, which every open page polls, comes from its kept file with its JSON type."""
    make_article(section, "خبر في شريط الأخبار")
    status, headers, body = get(nginx, "/ticker/")
    assert status == 200 and headers.get("X-Page-Cache") == "stored"
    status, headers, again = get(nginx, "/ticker/")
    assert status == 200 and headers.get("X-Page-Cache") == "nginx"
    assert headers["Content-Type"].startswith("application/json")
    assert again == body and "خبر في شريط الأخبار" in again


def test_editors_bypass_nginx_and_tracking_parameters_do_not(nginx, section):
    """A session cookie always reaches the app; ?utm_source=… is the same kept page; a page
    number that is not one never picks a file."""
    make_article(section, "خبر للمحررين")
    get(nginx, "/syria/")
    assert get(nginx, "/syria/")[1].get("X-Page-Cache") == "nginx"
    assert get(nginx, "/syria/", cookie="sessionid=abc")[1].get("X-Page-Cache") != "nginx"
    assert get(nginx, "/syria/?utm_source=x&fbclid=y")[1].get("X-Page-Cache") == "nginx"
    status, headers, _ = get(nginx, "/syria/?page=%C2%B2")
    assert status == 404 and headers.get("X-Page-Cache") != "nginx"
