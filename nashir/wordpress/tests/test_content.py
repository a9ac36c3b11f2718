from nashir.wordpress.content import plain_text, to_blocks

GUTENBERG = """<!-- wp:paragraph -->
<p>أعلنت المؤسسة <strong>انقطاع المياه</strong> و<em>الكهرباء</em>.</p>
<!-- /wp:paragraph -->

<!-- wp:heading -->
<h2 class="wp-block-heading">أسباب الانقطاع</h2>
<!-- /wp:heading -->

<!-- wp:image {"id":45} -->
<figure class="wp-block-image"><img src="https://old.example.com/wp-content/uploads/2024/05/water-1024x683.jpg" alt="محطة" class="wp-image-45"/><figcaption class="wp-element-caption">محطة الضخ</figcaption></figure>
<!-- /wp:image -->

<!-- wp:quote -->
<blockquote class="wp-block-quote"><p>نعمل على الإصلاح</p><cite>مدير المؤسسة</cite></blockquote>
<!-- /wp:quote -->

<!-- wp:list -->
<ul><li>حي الشعار</li><li>حي الصاخور</li></ul>
<!-- /wp:list -->"""


def test_gutenberg_blocks_become_paragraphs_headings_images_quotes_and_lists():
    """Each Gutenberg block lands in the matching nashir body block."""
    assert to_blocks(GUTENBERG) == [
        ("paragraph", "<p>أعلنت المؤسسة <b>انقطاع المياه</b> و<i>الكهرباء</i>.</p>"),
        ("subheading", "أسباب الانقطاع"),
        (
            "image",
            {
                "attachment_id": 45,
                "src": "https://old.example.com/wp-content/uploads/2024/05/water-1024x683.jpg",
                "caption": "محطة الضخ",
                "alt": "محطة",
            },
        ),
        ("quote", {"text": "نعمل على الإصلاح", "attribution": "مدير المؤسسة"}),
        ("paragraph", "<ul><li>حي الشعار</li><li>حي الصاخور</li></ul>"),
    ]


def test_classic_content_gets_paragraphs_from_blank_lines_and_captions_from_shortcodes():
    """Classic posts have no <p>: blank lines split paragraphs, [caption] becomes an image."""
    classic = (
        "سطر أول\nسطر ثان\n\nفقرة ثانية\n\n"
        '[caption id="attachment_7" align="aligncenter" width="300"]'
        '<a href="x.jpg"><img class="size-medium wp-image-7" src="/wp-content/uploads/x-300x200.jpg" /></a>'
        " تعليق الصورة[/caption]\n<h3>عنوان</h3>\nنص [embed]https://youtu.be/x[/embed] أخير"
    )

    assert to_blocks(classic) == [
        ("paragraph", "<p>سطر أول<br/>سطر ثان</p>"),
        ("paragraph", "<p>فقرة ثانية</p>"),
        (
            "image",
            {
                "attachment_id": 7,
                "src": "/wp-content/uploads/x-300x200.jpg",
                "caption": "تعليق الصورة",
                "alt": "",
            },
        ),
        ("subheading", "عنوان"),
        ("paragraph", "<p>نص https://youtu.be/x أخير</p>"),
    ]


def test_a_read_also_paragraph_is_recognised_however_it_is_spelled():
    """«اقرأ أيضاً:» with or without hamza, tanween or bold, followed by one link."""
    for lead in ("اقرأ أيضاً:", "<strong>اقرأ أيضا:</strong>", "إقرأ ايضاً -"):
        [(kind, value)] = to_blocks(
            f'<p>{lead} <a href="https://old.example.com/?p=5">خبر آخر</a></p>'
        )
        assert kind == "read_also"
        assert value["href"] == "https://old.example.com/?p=5"
        assert value["title"] == "خبر آخر"
        assert value["fallback"].startswith("<p>")


def test_a_paragraph_that_only_mentions_read_also_stays_a_paragraph():
    """More text after the link, or two links, is an ordinary paragraph."""
    blocks = to_blocks(
        '<p>اقرأ أيضاً: <a href="/a/">خبر</a> وتعليق المحرر</p>'
        '<p>اقرأ أيضاً: <a href="/a/">خبر</a> و<a href="/b/">آخر</a></p>'
    )
    assert [kind for kind, _ in blocks] == ["paragraph", "paragraph"]


def test_scripts_styles_iframes_event_handlers_and_javascript_links_are_removed():
    """Nothing executable or styled from the old site reaches nashir's pages."""
    html = (
        '<p onclick="steal()" style="color:red">نص <script>alert(1)</script>'
        '<a href="javascript:alert(1)">خبيث</a> <a href="https://ok.example/" target="_blank" '
        'onmouseover="x()">سليم</a><img src=x onerror="alert(1)"></p>'
        "<iframe src='https://evil.example'></iframe><style>body{}</style>"
        "<form><input name=q></form><svg><script>1</script></svg>"
    )
    blocks = to_blocks(html)
    rendered = repr(blocks)

    for bad in ("script", "alert", "onclick", "onmouseover", "onerror", "style", "iframe", "form"):
        assert bad not in rendered
    assert ("paragraph", '<p>نص خبيث <a href="https://ok.example/">سليم</a></p>') in blocks


def test_inline_images_in_a_paragraph_come_out_as_image_blocks_before_its_text():
    """An <img> inside a classic paragraph is lifted out as its own image block."""
    blocks = to_blocks('<p><img class="wp-image-9" src="/a.jpg"> نص الفقرة</p>')

    assert blocks[0][0] == "image" and blocks[0][1]["attachment_id"] == 9
    assert blocks[1] == ("paragraph", "<p>نص الفقرة</p>")


def test_long_headings_and_tables_are_kept_as_paragraphs():
    """A heading too long for a subheading, and table rows, are not lost."""
    long_heading = "كلمة " * 40
    blocks = to_blocks(
        f"<h2>{long_heading}</h2><table><tr><th>المدينة</th><th>السعر</th></tr>"
        "<tr><td>دمشق</td><td>٤٠٠</td></tr></table>"
    )

    assert blocks[0][0] == "paragraph" and blocks[0][1].startswith("<p><b>كلمة")
    assert blocks[1:] == [
        ("paragraph", "<p>المدينة | السعر</p>"),
        ("paragraph", "<p>دمشق | ٤٠٠</p>"),
    ]


def test_summaries_are_plain_text_cut_at_a_word():
    """A summary made from the body has no markup and ends on a whole word."""
    text = plain_text("<p>" + "كلمة " * 100 + "</p><script>x()</script>", limit=50)

    assert len(text) <= 50
    assert text.endswith("كلمة…")
    assert "x()" not in text
