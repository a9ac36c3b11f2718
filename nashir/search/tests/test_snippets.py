"""Snippets show where the query matched, safely escaped."""

from nashir.arabic import analyse
from nashir.search.snippets import highlight


def test_matches_are_marked_in_their_original_spelling():
    """The reader sees their word marked as the article spells it (tashkeel and all)."""
    html = highlight("قالت الحُكُومَةُ إن المفاوضات مستمرة", analyse("الحكومه"))
    assert html == "قالت <mark>الحُكُومَةُ</mark> إن المفاوضات مستمرة"


def test_article_markup_is_escaped():
    """Text that looks like HTML is shown as text; only our <mark> is markup."""
    html = highlight("<script>alert(1)</script> غزة & رفح", analyse("غزة"))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>غزة</mark> &amp; رفح" in html


def test_long_text_is_cut_around_the_first_match_at_word_boundaries():
    """A match deep in the text is shown with context, ellipses, and no half words."""
    text = "كلمة " * 200 + "غزة " + "نهاية " * 200
    html = highlight(text, analyse("غزة"))
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>غزة</mark>" in html
    assert len(html) < 400
    assert all(
        word in {"كلمة", "نهاية", "<mark>غزة</mark>", "…"} for word in html.strip("…").split()
    )


def test_no_match_shows_the_beginning():
    """Found by a tag or alias only: the snippet is the start of the text."""
    assert highlight("بداية النص", analyse("قسد")) == "بداية النص"


def test_headlines_are_marked_whole():
    """A result's headline is shown in full, each matching word marked, the rest escaped."""
    from nashir.search.snippets import highlight_all

    html = highlight_all("قصف <عنيف> على غزة وبغزة", analyse("غزة"))
    assert html == "قصف &lt;عنيف&gt; على <mark>غزة</mark> <mark>وبغزة</mark>"
    assert highlight_all("لا شيء هنا", analyse("غزة")) == "لا شيء هنا"
