from pathlib import Path

import pytest

from nashir.wordpress.wxr import WXRError, parse_wxr

FIXTURES = Path(__file__).parent / "fixtures"
NEWS = FIXTURES / "news.xml"


def items_by_id(export):
    return {item.wp_id: item for item in export.items}


def test_channel_authors_and_terms_are_read_with_arabic_slugs_decoded():
    """Authors, categories (with their parent) and tags come out as the export holds them."""
    export = parse_wxr(NEWS)

    assert export.version == "1.2"
    assert export.site_key == "https://old.example.com"
    assert [(a.login, a.name, a.email) for a in export.authors] == [
        ("rami", "رامي الحداد", "rami@old.example.com"),
        ("layla.k", "ليلى خوري", "layla@old.example.com"),
    ]
    assert [(c.slug, c.name, c.parent_slug) for c in export.categories] == [
        ("syria", "سوريا", ""),
        ("اقتصاد", "اقتصاد", ""),
        ("aleppo", "حلب", "syria"),
    ]
    assert [(t.slug, t.name) for t in export.tags] == [("المياه", "المياه"), ("bread", "الخبز")]


def test_an_item_keeps_its_cdata_content_meta_terms_and_gmt_dates():
    """A post's HTML, excerpt, categories, tags, postmeta and GMT date survive parsing."""
    post = items_by_id(parse_wxr(NEWS))[101]

    assert post.post_type == "post"
    assert post.status == "publish"
    assert post.slug == "انقطاع-المياه-عن-حلب"
    assert "<!-- wp:heading -->" in post.content
    assert post.excerpt == "انقطاع المياه عن أحياء حلب الشرقية لمدة يومين."
    assert post.creator == "rami"
    assert post.categories == [("syria", "سوريا"), ("اقتصاد", "اقتصاد")]
    assert post.tags == [("المياه", "المياه")]
    assert post.thumbnail_id == 45
    assert post.primary_category_id == 2
    assert post.date_gmt.isoformat() == "2024-05-06T07:30:00"
    assert post.date_local.isoformat() == "2024-05-06T10:30:00"


def test_comments_keep_threading_and_every_moderation_state():
    """Each wp:comment keeps its parent, author, URL, date and approved/pending/spam/trash."""
    comments = {c.wp_id: c for c in items_by_id(parse_wxr(NEWS))[101].comments}

    assert comments[502].parent_id == 501
    assert comments[503].parent_id == 502
    assert comments[501].url == "https://abu.example.org"
    assert comments[501].date_gmt.isoformat() == "2024-05-06T09:00:00"
    assert {cid: c.status for cid, c in comments.items()} == {
        501: "approved",
        502: "approved",
        503: "pending",
        504: "spam",
        505: "trash",
        506: "approved",
    }
    assert comments[506].type == "pingback"


def test_unset_gmt_dates_of_drafts_are_none():
    """WordPress writes 0000-00-00 for a draft's GMT date; it is read as "no date"."""
    draft = items_by_id(parse_wxr(NEWS))[107]

    assert draft.date_gmt is None
    assert draft.date_local.isoformat() == "2024-05-12T08:00:00"


def test_wxr_1_1_exports_are_read_the_same(tmp_path):
    """Older WordPress versions write the 1.1 namespace; nothing else changes."""
    old = tmp_path / "old.xml"
    old.write_text(NEWS.read_text().replace("export/1.2/", "export/1.1/").replace(">1.2<", ">1.1<"))

    export = parse_wxr(old)

    assert export.version == "1.1"
    assert items_by_id(export)[101].thumbnail_id == 45
    assert len(export.categories) == 3


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("malformed.xml", "malformed XML at line 5"),
        ("bomb.xml", "DTD"),
        ("external-entity.xml", "DTD"),
        ("not-wordpress.xml", "not a WordPress export"),
    ],
)
def test_hostile_or_broken_files_are_refused_with_a_clear_message(name, message):
    """Malformed XML, XML bombs, external entities and plain RSS are refused, saying why."""
    with pytest.raises(WXRError, match=message):
        parse_wxr(FIXTURES / name)


def test_a_truncated_export_is_reported_as_truncated(tmp_path):
    """An export cut off mid-download is recognised as such, not half-read."""
    cut = tmp_path / "cut.xml"
    data = NEWS.read_bytes()
    cut.write_bytes(data[: len(data) * 2 // 3])

    with pytest.raises(WXRError, match="truncated"):
        parse_wxr(cut)


def test_the_bomb_is_refused_before_it_expands():
    """The billion-laughs file never gets its entities expanded (the refusal is immediate)."""
    with pytest.raises(WXRError) as caught:
        parse_wxr(FIXTURES / "bomb.xml")
    assert "lol" not in str(caught.value)
