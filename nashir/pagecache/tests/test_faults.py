"""The page cache under faults, on a real gunicorn with threads and a real folder: a read-only or
full disk, junk in the folder, hostile hosts and query strings, many first readers at once.
No reader gets a 500, a dropped connection, a stale page or a page poisoned by someone else."""

import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

from .loopback import NEWSROOM, Deployment, edit_headline, free_port, get


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("faults")
    port = free_port()
    deployment = Deployment(folder)
    try:
        deployment.manage("migrate", "--noinput", "-v0")
        urls = deployment.python(NEWSROOM.format(port=port))
        deployment.serve(port, threads=8)
        pagecache = folder / "machine-a" / "pagecache"
        yield {"port": port, "deployment": deployment, "pagecache": pagecache, **urls}
    finally:
        deployment.stop()


def kept_file(site, path):
    return site["pagecache"] / "127.0.0.1" / path.strip("/") / "index.html"


def headline(body):
    return body.split('<h1 class="article__title">', 1)[1].split("</h1>", 1)[0]


class ReadOnly:
    """A folder nobody may write to, even root (chattr +i); chmod when not root."""

    def __init__(self, folder):
        self.folder = folder
        self.as_root = os.geteuid() == 0

    def __enter__(self):
        if self.as_root:
            if not shutil.which("chattr"):
                pytest.skip("chattr is needed to make a folder read-only for root")
            result = subprocess.run(["chattr", "-R", "+i", str(self.folder)], capture_output=True)
            if result.returncode:
                pytest.skip(f"this file system refuses chattr: {result.stderr.decode()[:80]}")
        else:
            subprocess.run(["chmod", "-R", "a-w", str(self.folder)], check=True)
        return self

    def __exit__(self, *exc):
        if self.as_root:
            subprocess.run(["chattr", "-R", "-i", str(self.folder)], check=True)
        else:
            subprocess.run(["chmod", "-R", "u+w", str(self.folder)], check=True)


def test_many_first_readers_at_once_all_get_the_page(site):
    """200 requests for a page nobody asked for yet, 50 at a time, on 8 threads: all 200, one
    file, no temporary file left behind."""
    path = site["second"]
    with ThreadPoolExecutor(50) as pool:
        results = list(pool.map(lambda _: get(site["port"], path), range(200)))
    assert {status for status, _, _ in results} == {200}
    assert len({body for _, _, body in results}) == 1
    assert kept_file(site, path).exists()
    assert not [p for p in site["pagecache"].rglob("*") if p.name.endswith(".tmp")]


def test_a_read_only_folder_serves_rendered_pages_and_never_a_stale_one(site):
    """With the folder read-only: new pages are rendered (not kept), a publish succeeds, and
    the next reader gets the edited article although its old file cannot be deleted."""
    port, path = site["port"], site["first"]
    assert get(port, path)[0] == 200
    assert get(port, path)[1].get("X-Page-Cache") == "hit"
    deployment = site["deployment"]
    with ReadOnly(site["pagecache"]):
        assert get(port, "/tag/كهرباء/")[0] == 200  # rendered, cannot be kept
        deployment.python(edit_headline(site["first_id"], "جسر الرستن يعود إلى الخدمة"))
        status, headers, body = get(port, path)
        assert status == 200 and headers.get("X-Page-Cache") != "hit"
        assert headline(body) == "جسر الرستن يعود إلى الخدمة"
        assert kept_file(site, path).exists()  # the old file is still there, unserved
    deployment.manage("pagecache", "expire")
    assert headline(get(port, path)[2]) == "جسر الرستن يعود إلى الخدمة"


def test_junk_in_the_folder_never_reaches_a_reader(site):
    """A file where a folder belongs, a folder named like a page, a stray temporary file."""
    port, folder = site["port"], site["pagecache"] / "127.0.0.1"
    (folder / "tag").mkdir(parents=True, exist_ok=True)
    (folder / "tag" / "جسور").write_text("junk where a folder belongs")
    (folder / "syria").mkdir(parents=True, exist_ok=True)
    shutil.rmtree(folder / "syria" / "index.html", ignore_errors=True)
    (folder / "syria" / "index.html").unlink(missing_ok=True)
    (folder / "syria" / "index.html").mkdir()
    (folder / ".index.html.deadbeef.tmp").write_text("<html>half</html>")
    for path in ("/tag/جسور/", "/syria/", "/", site["second"]):
        for _ in range(2):
            status, _, body = get(port, path)
            assert status == 200, path
            assert "junk" not in body and "half" not in body
    site["deployment"].python(edit_headline(site["first_id"], "جسر الرستن: موعد الافتتاح"))
    assert "جسر الرستن: موعد الافتتاح" in get(port, "/syria/")[2]


def test_hostile_hosts_and_queries_poison_nothing(site):
    """Another port, a forged https, junk page numbers and overlong names are answered; what
    is kept is only ever the Site's own page, and junk adds no file."""
    port, path = site["port"], site["second"]
    before = [f for f in site["pagecache"].rglob("index*") if f.is_file()]
    hostile = [
        (path, {"Host": f"127.0.0.1:{port + 1}"}),
        (path, {"X-Forwarded-Proto": "https"}),
        ("/?page=%C2%B2", {}),
        ("/syria/?page=%C2%B2", {}),
        ("/syria/?page=99999999999999999999", {}),
        ("/syria/?page=2&page=3", {}),
        ("/" + "%D8%A8" * 300 + "/", {}),
        ("/syria/" + "x" * 300 + "/", {}),
        (path + "?utm_source=x", {"Host": "evil.example"}),
        *((f"/?page={n}", {}) for n in range(2, 40)),
    ]
    for url, headers in hostile:
        status, _, body = get(port, url, headers)
        assert status in (200, 301, 400, 404), (url, headers, status)
    for file in (f for f in site["pagecache"].rglob("index*.html") if f.is_file()):
        text = file.read_text()
        assert f"127.0.0.1:{port + 1}" not in text and "https://127.0.0.1" not in text, file
        assert "evil.example" not in text
    after = [f for f in site["pagecache"].rglob("index*") if f.is_file()]
    assert len(after) <= len(before) + 2  # the article page and the home page, nothing per junk


def test_a_full_disk_only_costs_speed(site, tmp_path):
    """A page-cache folder on a tiny tmpfs that fills up: every reader still gets 200."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    full = site["pagecache"] / "127.0.0.1" / "author"
    full.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(full)])
    if mounted.returncode:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        (full / "filler").write_bytes(b"x" * 12_000)
        for _ in range(3):
            assert get(site["port"], "/author/")[0] in (200, 404)
        authors = site["deployment"].python(
            "import json; from nashir.people.models import Author; "
            "print(json.dumps([a.slug for a in Author.objects.all()]))"
        )
        for slug in authors:
            for _ in range(2):
                assert get(site["port"], f"/author/{slug}/")[0] == 200
    finally:
        subprocess.run(["umount", str(full)], check=False)
