"""Write a large WordPress export (WXR 1.2) of Arabic news for `make bench-import`.

    python bench/wxr_generate.py --posts 10000 --out var/bench/wxr.xml --media var/bench/uploads

Shaped like a real newsroom's export: 8 authors, 12 categories (Arabic nicenames
percent-encoded), 60 tags, posts in Gutenberg and classic markup with subheadings, quotes,
lists and «اقرأ أيضاً» links to older posts, one in ten with a featured image (a small JPEG
written under --media) also shown in its body, a few comments per post (threaded, approved,
pending, spam and trash, and pingbacks), a few drafts, scheduled and private posts, and the
pages a newsroom has («من نحن», contact, privacy, terms, a page nested under another).
`--paragraphs N` makes bodies N times longer (a 1 GB export from 100,000 posts: N = 3).
Deterministic (fixed seed).

`--short` writes one short paragraph per post and no comments or pictures: the same posts,
statuses and addresses in a file the import test reads in seconds rather than minutes.
"""

import argparse
import random
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape

BASE = "https://old-news.example"
WORDS = [
    "الحكومة",
    "أعلنت",
    "اليوم",
    "عن",
    "خطة",
    "جديدة",
    "لدعم",
    "المزارعين",
    "في",
    "ريف",
    "حلب",
    "ودمشق",
    "وحمص",
    "بعد",
    "موسم",
    "جاف",
    "وقال",
    "مسؤول",
    "في",
    "وزارة",
    "الزراعة",
    "إن",
    "الدعم",
    "يشمل",
    "البذور",
    "والأسمدة",
    "والمياه",
    "وأضاف",
    "أن",
    "التنفيذ",
    "يبدأ",
    "الشهر",
    "المقبل",
    "في",
    "المحافظات",
    "الشمالية",
    "والشرقية",
    "بينما",
    "تنتظر",
    "المناطق",
    "الجنوبية",
    "دراسة",
    "إضافية",
    "حول",
    "الأسعار",
    "والأسواق",
    "والتجار",
    "والمواطنين",
    "والأسر",
    "الفقيرة",
]
CATEGORIES = [
    "سوريا",
    "اقتصاد",
    "سياسة",
    "رياضة",
    "ثقافة",
    "منوعات",
    "صحة",
    "تعليم",
    "تكنولوجيا",
    "مجتمع",
    "العالم",
    "رأي",
]
STATUSES = ["publish"] * 94 + ["draft"] * 3 + ["future"] + ["private"] + ["pending"]


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def sentence(rng, n=14):
    return " ".join(rng.choice(WORDS) for _ in range(n)) + "."


def encoded(slug):
    return quote(slug).lower()


PAGES = [
    (900001, 0, "من نحن", "من-نحن"),
    (900002, 0, "اتصل بنا", "اتصل-بنا"),
    (900003, 0, "سياسة الخصوصية", "سياسة-الخصوصية"),
    (900004, 0, "شروط الاستخدام", "شروط-الاستخدام"),
    (900005, 900001, "فريق التحرير", "فريق-التحرير"),
    (900006, 0, "أعلن معنا", "أعلن-معنا"),
]


def post_content(rng, i, links, paragraphs=1, image=None, short=False):
    gutenberg = i % 2 == 0
    if short:
        text = sentence(rng, 12)
        return (
            f"<!-- wp:paragraph -->\n<p>{text}</p>\n<!-- /wp:paragraph -->" if gutenberg else text
        )
    parts = []
    if image:
        parts.append(("img", image))
    for k in range(rng.randint(4, 8) * paragraphs):
        text = sentence(rng, rng.randint(12, 30))
        if k == 2:
            parts.append(("h2", sentence(rng, 5).rstrip(".")))
        elif k == 4:
            parts.append(("quote", text))
        elif k == 5:
            parts.append(("list", [sentence(rng, 4) for _ in range(3)]))
        else:
            parts.append(("p", text))
    if links:
        title, url = rng.choice(links)
        parts.append(("read", (title, url)))
    out = []
    for kind, value in parts:
        if kind == "p":
            out.append(
                f"<!-- wp:paragraph -->\n<p>{value}</p>\n<!-- /wp:paragraph -->"
                if gutenberg
                else value
            )
        elif kind == "h2":
            html = f'<h2 class="wp-block-heading">{value}</h2>'
            out.append(f"<!-- wp:heading -->\n{html}\n<!-- /wp:heading -->" if gutenberg else html)
        elif kind == "quote":
            html = f'<blockquote class="wp-block-quote"><p>{value}</p><cite>مصدر مسؤول</cite></blockquote>'
            out.append(f"<!-- wp:quote -->\n{html}\n<!-- /wp:quote -->" if gutenberg else html)
        elif kind == "img":
            attachment_id, url = value
            html = (
                f'<figure class="wp-block-image"><img src="{url}" class="wp-image-{attachment_id}"'
                ' alt=""><figcaption>صورة من موقع الحدث</figcaption></figure>'
            )
            out.append(f"<!-- wp:image -->\n{html}\n<!-- /wp:image -->" if gutenberg else html)
        elif kind == "list":
            html = "<ul>" + "".join(f"<li>{v}</li>" for v in value) + "</ul>"
            out.append(f"<!-- wp:list -->\n{html}\n<!-- /wp:list -->" if gutenberg else html)
        else:
            title, url = value
            html = f'<p>اقرأ أيضاً: <a href="{url}">{escape(title)}</a></p>'
            out.append(
                f"<!-- wp:paragraph -->\n{html}\n<!-- /wp:paragraph -->" if gutenberg else html
            )
    return "\n\n".join(out)


def write_jpeg(path, seed):
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (64, 40), (seed * 37 % 255, seed * 91 % 255, 120)).save(path, quality=70)


def generate(posts, out, media, paragraphs=1, short=False):
    rng = random.Random(20240601)
    out.parent.mkdir(parents=True, exist_ok=True)
    start = datetime(2015, 1, 1, 6, 0)
    step = timedelta(minutes=(datetime(2024, 6, 1) - start).total_seconds() / 60 / posts)
    authors = [(f"writer{n}", f"كاتب {n}") for n in range(1, 9)]
    tags = [f"وسم {n}" for n in range(1, 61)]
    links, comment_id, attachment_id = [], 1, 10_000_000
    with out.open("w", encoding="utf-8") as f:
        f.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0"\n'
            '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
            '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
            '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
            '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
            '\txmlns:wp="http://wordpress.org/export/1.2/"\n>\n<channel>\n'
            f"\t<title>أخبار الأرشيف</title>\n\t<link>{BASE}</link>\n"
            f"\t<wp:wxr_version>1.2</wp:wxr_version>\n"
            f"\t<wp:base_site_url>{BASE}</wp:base_site_url>\n"
            f"\t<wp:base_blog_url>{BASE}</wp:base_blog_url>\n"
        )
        for n, (login, name) in enumerate(authors, 1):
            f.write(
                f"\t<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login>{cdata(login)}"
                f"</wp:author_login><wp:author_email>{cdata(login + '@old-news.example')}"
                f"</wp:author_email><wp:author_display_name>{cdata(name)}"
                "</wp:author_display_name></wp:author>\n"
            )
        for n, name in enumerate(CATEGORIES, 1):
            f.write(
                f"\t<wp:category><wp:term_id>{n}</wp:term_id><wp:category_nicename>"
                f"{cdata(encoded(name))}</wp:category_nicename><wp:category_parent>{cdata('')}"
                f"</wp:category_parent><wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>\n"
            )
        for n, name in enumerate(tags, 100):
            f.write(
                f"\t<wp:tag><wp:term_id>{n}</wp:term_id><wp:tag_slug>{cdata(encoded(name.replace(' ', '-')))}"
                f"</wp:tag_slug><wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>\n"
            )
        for i in range(posts):
            wp_id = i + 1
            when = start + step * i
            title = f"{sentence(rng, 6).rstrip('.')} {wp_id}"
            slug = f"خبر-{wp_id}"
            link = f"{BASE}/{when:%Y/%m/%d}/{encoded(slug)}/"
            status = rng.choice(STATUSES)
            if status == "future":
                when = datetime(2099, 1, 1) + timedelta(hours=i)
            category = rng.choice(CATEGORIES)
            meta = ""
            image = None
            if i % 10 == 0 and not short:
                attachment_id += 1
                relative = f"{when:%Y/%m}/photo-{wp_id}.jpg"
                if media:
                    write_jpeg(media / relative, wp_id)
                f.write(
                    f"\t<item><title>{cdata('صورة ' + str(wp_id))}</title>"
                    f"<wp:post_id>{attachment_id}</wp:post_id><wp:post_parent>{wp_id}</wp:post_parent>"
                    f"<wp:post_type>{cdata('attachment')}</wp:post_type><wp:status>{cdata('inherit')}</wp:status>"
                    f"<wp:attachment_url>{cdata(BASE + '/wp-content/uploads/' + relative)}</wp:attachment_url>"
                    f"<wp:postmeta><wp:meta_key>{cdata('_wp_attached_file')}</wp:meta_key>"
                    f"<wp:meta_value>{cdata(relative)}</wp:meta_value></wp:postmeta></item>\n"
                )
                image = (attachment_id, f"{BASE}/wp-content/uploads/{relative}")
                meta = (
                    f"<wp:postmeta><wp:meta_key>{cdata('_thumbnail_id')}</wp:meta_key>"
                    f"<wp:meta_value>{cdata(str(attachment_id))}</wp:meta_value></wp:postmeta>"
                )
            comments = []
            for k in range(0 if short else rng.choice([0, 0, 1, 2, 3])):
                parent = comments[-1][0] if comments and k == 2 else 0
                approved = rng.choice(["1", "1", "1", "1", "0", "spam", "trash"])
                kind = "pingback" if rng.random() < 0.03 else "comment"
                comments.append((comment_id, parent, approved, kind))
                comment_id += 1
            comment_xml = "".join(
                f"<wp:comment><wp:comment_id>{cid}</wp:comment_id>"
                f"<wp:comment_author>{cdata('قارئ ' + str(cid))}</wp:comment_author>"
                f"<wp:comment_author_email>{cdata(f'reader{cid}@mail.example')}</wp:comment_author_email>"
                f"<wp:comment_date_gmt>{cdata(f'{when + timedelta(hours=1):%Y-%m-%d %H:%M:%S}')}</wp:comment_date_gmt>"
                f"<wp:comment_content>{cdata(sentence(rng, 10))}</wp:comment_content>"
                f"<wp:comment_approved>{cdata(approved)}</wp:comment_approved>"
                f"<wp:comment_type>{cdata(kind)}</wp:comment_type>"
                f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
                for cid, parent, approved, kind in comments
            )
            post_tags = "".join(
                f'<category domain="post_tag" nicename="{encoded(t.replace(" ", "-"))}">{cdata(t)}</category>'
                for t in rng.sample(tags, 2)
            )
            author = rng.choice(authors)[0]
            f.write(
                f"\t<item>\n\t\t<title>{cdata(title)}</title>\n\t\t<link>{link}</link>\n"
                f"\t\t<dc:creator>{cdata(author)}</dc:creator>\n"
                f'\t\t<guid isPermaLink="false">{BASE}/?p={wp_id}</guid>\n'
                f"\t\t<content:encoded>{cdata(post_content(rng, i, links[-500:], paragraphs, image, short))}</content:encoded>\n"
                f"\t\t<excerpt:encoded>{cdata(sentence(rng, 20) if i % 3 == 0 else '')}</excerpt:encoded>\n"
                f"\t\t<wp:post_id>{wp_id}</wp:post_id>\n"
                f"\t\t<wp:post_date>{cdata(f'{when + timedelta(hours=3):%Y-%m-%d %H:%M:%S}')}</wp:post_date>\n"
                f"\t\t<wp:post_date_gmt>{cdata(f'{when:%Y-%m-%d %H:%M:%S}')}</wp:post_date_gmt>\n"
                f"\t\t<wp:post_modified_gmt>{cdata(f'{when:%Y-%m-%d %H:%M:%S}')}</wp:post_modified_gmt>\n"
                f"\t\t<wp:comment_status>{cdata('open')}</wp:comment_status>\n"
                f"\t\t<wp:post_name>{cdata(encoded(slug))}</wp:post_name>\n"
                f"\t\t<wp:status>{cdata(status)}</wp:status>\n"
                f"\t\t<wp:post_parent>0</wp:post_parent>\n"
                f"\t\t<wp:post_type>{cdata('post')}</wp:post_type>\n"
                f'\t\t<category domain="category" nicename="{encoded(category)}">{cdata(category)}</category>\n'
                f"\t\t{post_tags}{meta}{comment_xml}\n\t</item>\n"
            )
            if status == "publish":
                links.append((title, link))
        for wp_id, parent, title, slug in PAGES:
            path = f"{encoded(slug)}/"
            if parent:
                path = f"{encoded({p[0]: p[3] for p in PAGES}[parent])}/{path}"
            body = "\n\n".join(sentence(rng, 20) for _ in range(4))
            f.write(
                f"\t<item><title>{cdata(title)}</title><link>{BASE}/{path}</link>"
                f'<guid isPermaLink="false">{BASE}/?page_id={wp_id}</guid>'
                f"<content:encoded>{cdata(body)}</content:encoded>"
                f"<wp:post_id>{wp_id}</wp:post_id>"
                f"<wp:post_date_gmt>{cdata('2015-01-01 08:00:00')}</wp:post_date_gmt>"
                f"<wp:post_name>{cdata(encoded(slug))}</wp:post_name>"
                f"<wp:status>{cdata('publish')}</wp:status><wp:post_parent>{parent}</wp:post_parent>"
                f"<wp:post_type>{cdata('page')}</wp:post_type></item>\n"
            )
        f.write("</channel>\n</rss>\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=Path("var/bench/wxr.xml"))
    parser.add_argument("--media", type=Path, default=None, help="write featured images here")
    parser.add_argument("--paragraphs", type=int, default=1, help="body length multiplier")
    args = parser.parse_args()
    parser.add_argument("--short", action="store_true", help="one short paragraph, no comments")
    args = parser.parse_args()
    generate(args.posts, args.out, args.media, args.paragraphs, short=args.short)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB, {args.posts} posts)")


if __name__ == "__main__":
    main()
