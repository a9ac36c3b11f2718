"""Past one machine: Varnish (deploy/varnish.vcl) in front of two app servers, each with its own
var/ folder and no shared disk, sharing PostgreSQL and Redis. A change made on one machine is
purged from Varnish by key, so the next reader gets the new page whichever machine renders it."""

import glob
import os
import shutil

import pytest

from .loopback import NEWSROOM, Deployment, edit_headline, free_port, get

XKEY = glob.glob("/usr/lib/*/varnish/vmods/libvmod_xkey.so")

pytestmark = [
    pytest.mark.skipif(not shutil.which("varnishd"), reason="Varnish is not installed"),
    pytest.mark.skipif(not XKEY, reason="the xkey vmod (varnish-modules) is not installed"),
    pytest.mark.skipif(
        not (
            os.environ.get("DATABASE_URL", "").startswith("postgres")
            and os.environ.get("REDIS_URL")
        ),
        reason="several app machines share PostgreSQL and Redis (make test-postgres)",
    ),
]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    folder = tmp_path_factory.mktemp("varnish")
    front, app1, app2 = free_port(), free_port(), free_port()
    redis = os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/14"
    deployment = Deployment(
        folder,
        redis_url=redis,
        NASHIR_PAGE_CACHE="false",  # pages are kept in Varnish, not on the app machines
        NASHIR_VARNISH_URL=f"http://127.0.0.1:{front}",
        NASHIR_BASE_URL=f"http://127.0.0.1:{front}",
    )
    try:
        deployment.manage("migrate", "--noinput", "-v0")
        deployment.manage("shell", "-c", "from django.core.cache import cache; cache.clear()")
        urls = deployment.python(NEWSROOM.format(port=front))
        deployment.serve(app1, machine="a", threads=4)
        deployment.serve(app2, machine="b", threads=4)
        deployment.varnish(front, backends=(app1, app2))
        yield {"front": front, "deployment": deployment, **urls}
    finally:
        deployment.stop()


def through_varnish(cluster, path, times=4):
    """Several readers in a row, so both app machines are asked (round robin on misses)."""
    return [get(cluster["front"], path) for _ in range(times)]


def test_readers_are_served_from_varnish(cluster):
    """The second reader of a page is a Varnish hit; the key header never reaches a reader."""
    first, *rest = through_varnish(cluster, cluster["first"])
    assert first[0] == 200
    assert all(r[1].get("X-Cache") == "HIT" for r in rest)
    assert "xkey" not in {k.lower() for k in first[1]}


def test_an_edit_on_one_machine_reaches_readers_through_either(cluster):
    """Publish on machine A: Varnish is purged by key; every later reader, whichever machine
    renders for them, gets the new headline, and the section list shows it too."""
    path = cluster["first"]
    through_varnish(cluster, path)
    through_varnish(cluster, "/syria/")
    cluster["deployment"].python(
        edit_headline(cluster["first_id"], "جسر الرستن يفتح للسيارات"), machine="a"
    )
    for status, _, body in through_varnish(cluster, path) + through_varnish(cluster, "/syria/"):
        assert status == 200 and "جسر الرستن يفتح للسيارات" in body


def test_an_unpublish_on_the_other_machine_takes_the_story_down(cluster):
    """Unpublish on machine B: the article is a 404 through Varnish, and gone from its lists."""
    path = cluster["second"]
    through_varnish(cluster, path)
    through_varnish(cluster, "/")
    cluster["deployment"].python(
        "from nashir.news.models import ArticlePage; "
        f"ArticlePage.objects.get(url_path__endswith='{path.rstrip('/').rsplit('/', 1)[-1]}/')"
        ".unpublish(); print(1)",
        machine="b",
    )
    assert {status for status, _, _ in through_varnish(cluster, path)} == {404}
    for _, _, body in through_varnish(cluster, "/"):
        main = body.split('<main id="main"', 1)[1].split("</main>", 1)[0]
        assert "عودة الكهرباء إلى أحياء حمص" not in main


def test_a_private_article_never_enters_varnish(cluster):
    """An article behind a password is answered with the password form, never kept."""
    deployment = cluster["deployment"]
    url = deployment.python(
        """
import json
from wagtail.models import PageViewRestriction
from nashir.news.models import SectionPage
from nashir.news.tests.factories import make_article
article = make_article(
    SectionPage.objects.get(slug="syria"), "مذكرة داخلية للتحرير", slug="internal-memo"
)
PageViewRestriction.objects.create(page=article, restriction_type="password", password="sirr")
print(json.dumps(article.url))
"""
    )
    for status, headers, _ in through_varnish(cluster, url):
        assert status == 200 and headers.get("X-Cache") == "MISS"
