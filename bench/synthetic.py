"""Synthetic Arabic articles for the benchmarks (make bench, bench-search, bench-related).

Zipf-distributed words of realistic Arabic shapes, inserted in bulk straight into the page tree:
publishing 100,000 pages one by one would take hours and measure the wrong thing.
"""

import random
from itertools import accumulate

# Roots and patterns make a vocabulary of realistic Arabic word shapes, with clitics.
ROOTS = [
    "كتب",
    "قتل",
    "حكم",
    "سلم",
    "درس",
    "عمل",
    "قصف",
    "نقل",
    "حصد",
    "زرع",
    "صرف",
    "سعر",
    "طلب",
    "نشر",
    "فتح",
    "جمع",
    "خرج",
    "دخل",
    "حرب",
    "سلح",
    "قرر",
    "علن",
    "وزر",
    "رءس",
    "شعب",
    "دول",
    "نظم",
    "عقد",
    "فوض",
    "بحث",
    "صحف",
    "طبع",
    "شرط",
    "امن",
    "قضي",
    "حقق",
    "سجن",
    "عفو",
    "جرح",
    "ضرب",
    "نزح",
    "هجر",
    "لجا",
    "سكن",
    "بني",
    "هدم",
    "صلح",
    "مول",
    "دعم",
    "نفط",
    "غاز",
    "كهرب",
    "ماء",
    "زيت",
    "قمح",
    "خبز",
    "لحم",
    "سوق",
    "تجر",
    "بيع",
    "شري",
]
PATTERNS = [
    "{0}ا{1}{2}",
    "م{0}{1}و{2}",
    "ت{0}{1}ي{2}",
    "است{0}{1}ا{2}",
    "{0}{1}{2}ة",
    "م{0}{1}{2}ات",
    "{0}{1}ي{2}",
    "م{0}ا{1}{2}ة",
    "ال{0}{1}{2}",
    "{0}{1}{2}ون",
    "و{0}{1}{2}",
    "ب{0}{1}{2}ة",
]
NAMES = [
    "غزة",
    "دمشق",
    "حلب",
    "حمص",
    "بيروت",
    "عمان",
    "القاهرة",
    "بغداد",
    "الرقة",
    "إدلب",
    "درعا",
    "اللاذقية",
    "طرطوس",
    "حماة",
    "الأسد",
    "قسد",
    "داعش",
    "أوبك",
    "الأمم",
    "المتحدة",
    "واشنطن",
    "موسكو",
    "أنقرة",
    "طهران",
]
FUNCTION = [
    "في",
    "من",
    "على",
    "إلى",
    "عن",
    "أن",
    "قد",
    "مع",
    "بين",
    "بعد",
    "قبل",
    "حتى",
    "كل",
    "عند",
    "منذ",
    "خلال",
    "التي",
    "الذي",
]


def vocabulary():
    words = {pattern.format(*root) for root in ROOTS for pattern in PATTERNS if len(root) == 3}
    rng = random.Random(7)
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    while len(words) < 20_000:
        root = "".join(rng.choice(letters) for _ in range(3))
        words.add(rng.choice(PATTERNS).format(*root))
    return sorted(words) + NAMES


class Writer:
    """Zipf-distributed words (s≈1), the way a newsroom's vocabulary is spread."""

    def __init__(self, seed):
        self.words = vocabulary()
        random.Random(seed).shuffle(self.words)
        self.cum_weights = list(accumulate(1 / (rank + 1) for rank in range(len(self.words))))
        self.rng = random.Random(seed)

    def pick(self, n):
        return self.rng.choices(self.words, cum_weights=self.cum_weights, k=n)

    def words_(self, n):
        content = self.pick(n)
        out = []
        for word in content:
            out.append(word)
            if self.rng.random() < 0.3:
                out.append(self.rng.choice(FUNCTION))
        return " ".join(out)


def create_articles(n, writer, furnished=False):
    """n articles in three sections. `furnished` gives each what a real article page shows (a
    longer body with an «اقرأ أيضاً» link, a lead image, tags, a related list, comments, authors
    with bios and photos); the search benchmarks keep the lighter rows they were measured on."""
    from datetime import timedelta

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page

    from nashir.news.models import ArticleByline, ArticlePage, HomePage, SectionPage
    from nashir.people.models import Author

    home = HomePage.objects.get()
    sections = []
    for slug, title in [("syria", "سوريا"), ("economy", "اقتصاد"), ("sport", "رياضة")]:
        section = SectionPage(title=title, slug=slug)
        home.add_child(instance=section)
        sections.append(section)
    authors = [Author.objects.create(name=f"كاتب {i}", slug=f"author-{i}") for i in range(20)]
    content_type_id = ContentType.objects.get_for_model(ArticlePage).pk
    now = timezone.now()
    fields = list(ArticlePage._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    insert = (
        f"INSERT INTO {ArticlePage._meta.db_table} ({columns}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    per_section = (n + len(sections) - 1) // len(sections)
    made = 0
    for section in sections:
        count = min(per_section, n - made)
        for start in range(0, count, 2000):
            chunk = range(start, min(start + 2000, count))
            with transaction.atomic():
                pages, articles = [], []
                for i in chunk:
                    # Sections publish side by side, as a newsroom does: the newest story of
                    # each section is minutes old, and a section's later pages are its newer ones.
                    when = now - timedelta(
                        minutes=37 * ((count - 1 - i) * len(sections) + sections.index(section))
                    )
                    page = Page(
                        title=writer.words_(8),
                        slug=f"{section.slug}-{i}",
                        content_type_id=content_type_id,
                        path=Page._get_path(section.path, section.depth + 1, i + 1),
                        depth=section.depth + 1,
                        live=True,
                        has_unpublished_changes=False,
                        url_path=f"{section.url_path}{section.slug}-{i}/",
                        first_published_at=when,
                        last_published_at=when,
                        locale_id=section.locale_id,
                        draft_title="",
                    )
                    pages.append(page)
                    paragraphs = 6 if furnished else 2
                    articles.append(
                        ArticlePage(
                            summary=writer.words_(20),
                            body=[
                                {"type": "paragraph", "value": f"<p>{writer.words_(60)}</p>"}
                                for _ in range(paragraphs)
                            ],
                            published_at=when,
                            section_id=section.pk,
                        )
                    )
                Page.objects.bulk_create(pages)
                rows = []
                for page, article in zip(pages, articles, strict=True):
                    article.page_ptr_id = page.pk
                    if furnished and page.pk - pages[0].pk >= 3:
                        # «اقرأ أيضاً:» after the third paragraph, to a story three before it
                        raw = list(article.body.raw_data)
                        raw.insert(3, {"type": "read_also", "value": page.pk - 3})
                        article.body = raw
                    rows.append(
                        [
                            f.get_db_prep_save(getattr(article, f.attname), connection)
                            for f in fields
                        ]
                    )
                with connection.cursor() as cursor:
                    cursor.executemany(insert, rows)
                ArticleByline.objects.bulk_create(
                    ArticleByline(
                        article_id=p.pk, author=authors[p.pk % len(authors)], sort_order=0
                    )
                    for p in pages
                )
        Page.objects.filter(pk=section.pk).update(numchild=count)
        made += count
    if furnished:
        furnish(writer, authors)
    # What an import does after its bulk load (nashir.ops.upkeep): plans need the new sizes.
    from nashir.ops import upkeep

    upkeep.run(force=True)
    return made


def furnish(writer, authors, images=24, tags=300, related=6, comments=3):
    """What a real article page shows besides its text, added in bulk to every article."""
    import io
    import uuid
    from datetime import timedelta

    from django.core.files.images import ImageFile
    from django.db import connection, transaction
    from taggit.models import Tag
    from wagtail.images import get_image_model

    from nashir.demo.images import portrait_jpeg, scene_jpeg
    from nashir.discussion.models import Comment
    from nashir.news.models import ArticlePage, ArticleTag
    from nashir.related.models import RelatedArticle

    Image = get_image_model()
    pool = []
    for i in range(images):
        image = Image(title=writer.words_(4))
        image.file = ImageFile(io.BytesIO(scene_jpeg(f"bench-{i}", "syria")), name=f"bench-{i}.jpg")
        image.save()
        pool.append(image.pk)
    for i, author in enumerate(authors):
        author.bio = writer.words_(30)
        if i % 2 == 0:
            photo = Image(title=author.name)
            photo.file = ImageFile(io.BytesIO(portrait_jpeg(f"author-{i}")), name=f"author-{i}.jpg")
            photo.save()
            author.photo = photo
        author.save()
    table = ArticlePage._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        for i, image_id in enumerate(pool):
            cursor.execute(
                f"UPDATE {table} SET featured_image_id = %s, image_caption = %s "
                "WHERE page_ptr_id %% %s = %s",
                [image_id, writer.words_(8), len(pool), i],
            )
    names = sorted({writer.words_(2) for _ in range(tags * 2)})[:tags]
    tags_made = Tag.objects.bulk_create(
        [Tag(name=name, slug=f"tag-{i}") for i, name in enumerate(names)]
    )
    tag_ids = [t.pk for t in tags_made]  # SQLite and PostgreSQL return the new ids
    sections = ArticlePage.objects.values_list("pk", "section_id", "published_at").order_by(
        "section_id", "published_at"
    )
    by_section = {}
    for pk, section_id, when in sections:
        by_section.setdefault(section_id, []).append((pk, when))
    rng = writer.rng
    for articles in by_section.values():
        for start in range(0, len(articles), 2000):
            chunk = articles[start : start + 2000]
            with transaction.atomic():
                ArticleTag.objects.bulk_create(
                    ArticleTag(content_object_id=pk, tag_id=tag_id)
                    for pk, _ in chunk
                    for tag_id in rng.sample(tag_ids, 3)
                )
                RelatedArticle.objects.bulk_create(
                    RelatedArticle(article_id=pk, related_id=other, rank=rank, score=1 / rank)
                    for index, (pk, _) in enumerate(chunk, start=start)
                    for rank, (other, _) in enumerate(
                        reversed(articles[max(0, index - related) : index]), start=1
                    )
                )
                Comment.objects.bulk_create(
                    Comment(
                        article_id=pk,
                        name=f"قارئ {rng.randrange(500)}",
                        email="reader@example.org",
                        body=writer.words_(25),
                        status=Comment.Status.APPROVED,
                        created_at=when + timedelta(minutes=10 * (c + 1)),
                        submission_key=uuid.uuid4(),
                    )
                    for pk, when in chunk
                    for c in range(comments)
                )
