from nashir.arabic import initials
from nashir.discussion.text import (
    blocked_term,
    clean_body,
    clean_line,
    count_label,
    count_links,
    render_body,
)


def test_bidi_overrides_are_stripped():
    """A name cannot flip the text after it: U+202A–U+202E and U+2066–U+2069 are removed."""
    tricky = "أحمد\u202egnp.exe\u2066x\u2069\u202a\u202b\u202c\u202d\u2067\u2068"
    assert clean_line(tricky) == "أحمدgnp.exex"
    assert clean_body("سطر\u202e أول") == "سطر أول"


def test_line_breaks_kept_and_blank_runs_collapsed():
    """Paragraphs survive; a wall of empty lines does not."""
    assert clean_body("  أولاً\r\nثانياً\n\n\n\n\nثالثاً  ") == "أولاً\nثانياً\n\nثالثاً"
    assert render_body("أولاً\nثانياً\n\nثالثاً") == "<p>أولاً<br>ثانياً</p><p>ثالثاً</p>"


def test_urls_are_linked_with_rel_and_everything_else_escaped():
    """Links open nothing privileged and pass no ranking; markup is shown as text."""
    html = render_body('انظر https://example.org/a?b=1&c=2، و<b>هذا</b> "www.test.sy".')
    assert (
        '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener" dir="ltr">'
        "https://example.org/a?b=1&amp;c=2</a>،" in html
    )
    assert 'href="https://www.test.sy"' in html
    assert "&lt;b&gt;هذا&lt;/b&gt;" in html and "<b>" not in html


def test_javascript_urls_are_not_linked():
    """Only http(s) and www. become links."""
    html = render_body("javascript:alert(1) data:text/html,x")
    assert "<a" not in html


def test_count_links():
    """The link cap counts http(s) and www. addresses."""
    assert count_links("a https://x.sy b http://y.sy c www.z.sy d") == 3


def test_initials_keep_arabic_letters_apart():
    """Two initials, separated by a ZWNJ so they are not joined into a word; a family name's
    article is skipped (الحداد → ح)."""
    assert initials("رامي الحداد") == "ر\u200cح"
    assert initials("خالد العمر") == "خ\u200cع"
    assert initials("ال") == "ا"
    assert initials("john smith") == "J\u200cS"
    assert initials("  ") == "؟"


def test_blocklist_ignores_hamza_tashkeel_and_case():
    """An editor's «كازينو» catches «كَازينو» and «CASINO» catches «casino»."""
    assert blocked_term(["كازينو", "CASINO"], "العب في كَازينو") == "كازينو"
    assert blocked_term(["CASINO"], "", "x@casino.example") == "CASINO"
    assert blocked_term(["أحمر"], "الاحمر") == "أحمر"
    assert blocked_term(["", "  "], "أي نص") == ""


def test_count_label_arabic_plurals():
    """0, 1, 2, 3–10, 11–99 and 100 read as Arabic counts them."""
    assert count_label(0) == "لا تعليقات"
    assert count_label(1) == "تعليق واحد"
    assert count_label(2) == "تعليقان"
    assert count_label(7) == "7 تعليقات"
    assert count_label(11) == "11 تعليقاً"
    assert count_label(100) == "100 تعليق"
    assert count_label(103) == "103 تعليقات"
