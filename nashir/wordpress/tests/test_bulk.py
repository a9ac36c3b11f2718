"""Articles made in bulk are what Wagtail would have made: editable, publishable, revertable,
movable, a sound tree; pages, redirects per source site, and the page cache left alone when
nothing changed."""

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from nashir.news.models import ArticlePage, SectionPage
from nashir.pages.models import StandardPage
from nashir.wordpress.models import ImportedItem

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
NEWS = FIXTURES / "news.xml"

CHILD_PAGES = """
	<item>
		<title><![CDATA[فريق التحرير]]></title>
		<link>https://old.example.com/about/team/</link>
		<guid isPermaLink="false">https://old.example.com/?page_id=201</guid>
		<content:encoded><![CDATA[<p>يعمل في الموقع عشرة صحفيين.</p>]]></content:encoded>
		<wp:post_id>201</wp:post_id>
		<wp:post_date_gmt><![CDATA[2020-01-02 08:00:00]]></wp:post_date_gmt>
		<wp:post_name><![CDATA[team]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_parent>200</wp:post_parent>
		<wp:post_type><![CDATA[page]]></wp:post_type>
	</item>
	<item>
		<title><![CDATA[سياسة الخصوصية]]></title>
		<link>https://old.example.com/%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9-%d8%a7%d9%84%d8%ae%d8%b5%d9%88%d8%b5%d9%8a%d8%a9/</link>
		<guid isPermaLink="false">https://old.example.com/?page_id=202</guid>
		<content:encoded><![CDATA[<p>لا نبيع بيانات القراء.</p>]]></content:encoded>
		<wp:post_id>202</wp:post_id>
		<wp:post_date_gmt><![CDATA[2020-01-03 08:00:00]]></wp:post_date_gmt>
		<wp:post_name><![CDATA[%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9-%d8%a7%d9%84%d8%ae%d8%b5%d9%88%d8%b5%d9%8a%d8%a9]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_type><![CDATA[page]]></wp:post_type>
	</item>
	<item>
		<title><![CDATA[أرشيف الأعداد]]></title>
		<link>https://old.example.com/issues/</link>
		<guid isPermaLink="false">https://old.example.com/?page_id=203</guid>
		<content:encoded><![CDATA[<p>أعداد الصحيفة الورقية.</p>]]></content:encoded>
		<wp:post_id>203</wp:post_id>
		<wp:post_date_gmt><![CDATA[2020-01-04 08:00:00]]></wp:post_date_gmt>
		<wp:post_name><![CDATA[issues]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_type><![CDATA[page]]></wp:post_type>
	</item>
"""


def run_import(path=NEWS, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wordpress", str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


def article(wp_id, site="https://old.example.com"):
    item = ImportedItem.objects.get(site=site, kind="post", wp_key=str(wp_id))
    return ArticlePage.objects.get(pk=item.object_id)


@pytest.fixture
def with_pages(tmp_path):
    path = tmp_path / "pages.xml"
    path.write_text(NEWS.read_text().replace("</channel>", CHILD_PAGES + "</channel>"))
    return path


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return user


def test_batches_make_a_sound_tree_and_the_same_articles(home):
    """Several small batches: the tree checks (fixtree) find nothing, every article is whole."""
    run_import(NEWS, "--batch-size", "2")
    assert Page.find_problems() == ([], [], [], [], [])
    out = io.StringIO()
    call_command("fixtree", stdout=out)
    assert "No problems found" in out.getvalue()
    assert "Remaining problems" not in out.getvalue()
    assert ArticlePage.objects.count() == 7
    syria = SectionPage.objects.get(slug="syria")
    assert syria.numchild == ArticlePage.objects.child_of(syria).count()
    page = article(101)
    assert page.url_path == f"{syria.url_path}{page.slug}/"
    assert page.live and page.live_revision_id == page.latest_revision_id
    assert page.draft_title == page.title and page.locale_id == home.locale_id


def test_a_bulk_revision_is_wagtails_own_serialisation(home):
    """The stored revision holds what Wagtail serialises for the saved article, ids included."""
    run_import()
    page = article(104)
    stored = page.latest_revision.content
    fresh = ArticlePage.objects.get(pk=page.pk).serializable_data()
    for key in ("title", "slug", "summary", "bylines", "section"):
        assert stored[key] == fresh[key], key
    assert json.loads(stored["body"]) == json.loads(fresh["body"])  # jsonb reorders keys
    # Tag links have no order of their own: the database returns them in any.
    assert sorted(stored["tagged_items"], key=lambda t: t["pk"]) == sorted(
        fresh["tagged_items"], key=lambda t: t["pk"]
    )
    assert stored["pk"] == page.pk
    assert page.latest_revision.as_object().title == page.title


def test_a_bulk_imported_article_is_edited_published_reverted_and_moved_in_the_admin(
    home, client, editor
):
    """The editor's paths all work on an imported article, as on any other."""
    run_import()
    page = article(104)
    first_revision = page.latest_revision
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200

    edited = page.get_latest_revision_as_object()
    edited.title = "أسعار الخبز: تعديل المحرر"
    edited.save_revision(user=editor).publish(user=editor)
    page.refresh_from_db()
    assert page.title == "أسعار الخبز: تعديل المحرر"
    assert client.get(page.url).status_code == 200

    revert = client.get(f"/admin/pages/{page.pk}/revisions/{first_revision.pk}/revert/")
    assert revert.status_code == 200
    reverted = first_revision.as_object().save_revision(
        user=editor, previous_revision=first_revision
    )
    reverted.publish(user=editor, previous_revision=first_revision)
    page.refresh_from_db()
    assert page.title == "أسعار الخبز ترتفع من جديد"

    target = SectionPage.objects.get(slug="اقتصاد")
    page.move(target, pos="last-child", user=editor)
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.get_parent().pk == target.pk and page.section_id == target.pk
    assert client.get(page.url).status_code == 200
    assert Page.find_problems() == ([], [], [], [], [])


def test_wordpress_pages_become_standard_pages_nested_and_linked_from_the_footer(
    home, client, with_pages
):
    """«من نحن» and the privacy page at their old addresses, in the footer; a child page nested."""
    out = run_import(with_pages)
    assert "page                 4" in out
    about = StandardPage.objects.get(slug="about")
    team = StandardPage.objects.get(slug="team")
    assert team.get_parent().pk == about.pk
    assert about.show_in_menus and not team.show_in_menus
    assert StandardPage.objects.get(slug="سياسة-الخصوصية").show_in_menus
    assert not StandardPage.objects.get(slug="issues").show_in_menus
    assert client.get("/about/team/").status_code == 200
    html = client.get("/about/").content.decode()
    assert "موقع إخباري." in html
    footer = html.split('<footer class="site-footer">', 1)[1]
    assert 'href="/about/"' in footer and "سياسة الخصوصية" in footer
    assert "/issues/" not in footer and "/about/team/" not in footer
    assert client.get("/?page_id=200")["Location"] == "/about/"
    assert client.get("/?page_id=201")["Location"] == "/about/team/"
    assert "page                 0          0          4" in run_import(with_pages)


def test_the_old_author_query_link_leads_to_the_author(home, client):
    """WordPress's /?author=ID answers with the author's page."""
    run_import()
    assert client.get("/?author=1")["Location"] == "/author/rami/"


def test_every_redirect_is_counted_on_a_second_run(home):
    """The re-run reports every redirect it checked as unchanged — all of them, not a few."""
    run_import()
    out = run_import()
    unchanged = int(out.split("\nredirect", 1)[1].split()[2])
    assert unchanged == Redirect.objects.count() > 15


def test_two_wordpress_sites_keep_their_own_query_links(home, client, tmp_path):
    """Two WordPress sites in one nashir: /?p=101 answers per host name, neither takes over."""
    run_import()
    other = tmp_path / "other.xml"
    other.write_text(
        NEWS.read_text()
        .replace("https://old.example.com", "https://other.example.org")
        .replace("انقطاع المياه عن أحياء حلب الشرقية", "خبر الموقع الثاني")
        .replace("انقطاع-المياه-عن-حلب", "خبر-الموقع-الثاني")
        .replace("%d8%a7%d9%86%d9%82%d8%b7%d8%a7%d8%b9", "second")
    )
    out = run_import(other)
    assert "a new Site «other.example.org»" in out
    first, second = article(101), article(101, "https://other.example.org")
    assert first.pk != second.pk
    assert client.get("/?p=101")["Location"] == first.url
    location = client.get("/?p=101", HTTP_HOST="other.example.org")["Location"]
    assert location.endswith(second.url.split("://", 1)[-1].split("/", 1)[-1])
    assert Site.objects.get(hostname="other.example.org").root_page_id == home.pk
    # Running the first import again changes nothing of the second's.
    run_import()
    assert client.get("/?p=101", HTTP_HOST="other.example.org")["Location"] == location


def test_a_run_that_changes_nothing_and_a_dry_run_keep_the_page_cache(home, client, tmp_path):
    """No purge at all unless something changed; a change purges the pages showing it."""
    from nashir.pagecache import files

    run_import()
    assert client.get("/").status_code == 200
    cached = files.root() / "testserver" / "index.html"
    assert cached.exists()

    run_import()
    run_import(NEWS, "--dry-run")
    assert cached.exists()

    changed = tmp_path / "changed.xml"
    changed.write_text(
        NEWS.read_text().replace("أسعار الخبز ترتفع من جديد]]", "أسعار الخبز ترتفع مجدداً]]")
    )
    run_import(changed)
    assert not cached.exists()


def test_the_reference_index_of_bulk_articles_is_what_wagtail_finds(home):
    """Rebuilding each article's reference index from the database changes none of its rows."""
    from wagtail.models import ReferenceIndex

    run_import()

    def rows(page):
        return sorted(
            ReferenceIndex.objects.filter(object_id=str(page.pk)).values_list(
                "to_content_type_id", "to_object_id", "model_path", "content_path"
            )
        )

    checked = 0
    for page in ArticlePage.objects.all():
        before = rows(page)
        assert before, page  # its section and its author at least
        ReferenceIndex.objects.filter(object_id=str(page.pk)).delete()
        ReferenceIndex.create_or_update_for_object(ArticlePage.objects.get(pk=page.pk))
        assert rows(page) == before, page
        checked += 1
    assert checked == 7


def test_update_rows_sets_each_row_its_own_values_over_several_statements(home):
    """bulk.update_rows: more rows than one statement takes, NULLs among them, other rows and
    other columns untouched."""
    from nashir.wordpress import bulk

    run_import()
    pages = list(Page.objects.order_by("pk"))
    untouched = {p.pk: (p.title, p.latest_revision_id) for p in pages}
    rows = (pages * 120)[:700]  # > 900 // 3 rows: three statements; a page listed again
    for n, page in enumerate(pages):  # the value a page is given is its last listing's
        page.live_revision_id = None if n % 2 else page.latest_revision_id
    bulk.update_rows(Page, rows, ["live_revision_id"])
    for n, page in enumerate(Page.objects.order_by("pk")):
        assert page.live_revision_id == (None if n % 2 else untouched[page.pk][1])
        assert (page.title, page.latest_revision_id) == untouched[page.pk]


def test_insert_rows_writes_every_value_and_skips_only_refused_rows(home):
    """bulk.insert_rows (COPY on PostgreSQL, one INSERT elsewhere): the new ids in order, text
    with tabs, line breaks and backslashes and NULLs read back as written; with ignore_conflicts
    a row a unique constraint refuses is skipped and the rows beside it go in."""
    from wagtail.models import ReferenceIndex

    from nashir.wordpress import bulk

    run_import()
    texts = ["/قديم\tمع\\فاصل/", "/سطر\nثان/\\N", "/", "/\\\\\t\r/"]
    redirects = [
        Redirect(old_path=text, redirect_link=f"https://example.org/{n}\\", site=None)
        for n, text in enumerate(texts)
    ]
    ids = bulk.insert_rows(Redirect, redirects, returning=True)
    assert ids == [r.pk for r in redirects] and len(set(ids)) == len(texts)
    for n, text in enumerate(texts):
        row = Redirect.objects.get(pk=ids[n])
        assert (row.old_path, row.redirect_link, row.redirect_page_id, row.site_id) == (
            text,
            f"https://example.org/{n}\\",
            None,
            None,
        )

    article = ArticlePage.objects.order_by("pk").first()
    existing = ReferenceIndex.objects.filter(object_id=str(article.pk)).first()
    before = ReferenceIndex.objects.count()
    again = ReferenceIndex.objects.get(pk=existing.pk)
    again.pk = None
    fresh = []
    for n in range(3):
        row = ReferenceIndex.objects.get(pk=existing.pk)
        row.pk = None
        row.content_path = f"body.{n}\tنص\\"
        row.content_path_hash = ReferenceIndex._get_content_path_hash(row.content_path)
        fresh.append(row)
    bulk.insert_rows(ReferenceIndex, [fresh[0], again, fresh[1], fresh[2]], ignore_conflicts=True)
    assert ReferenceIndex.objects.count() == before + 3
    for row in fresh:
        assert ReferenceIndex.objects.filter(
            content_path=row.content_path, content_path_hash=row.content_path_hash
        ).exists()
