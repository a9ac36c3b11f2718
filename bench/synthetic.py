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


def create_articles(n, writer):
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
                    articles.append(
                        ArticlePage(
                            summary=writer.words_(20),
                            body=[
                                ("paragraph", f"<p>{writer.words_(60)}</p>"),
                                ("paragraph", f"<p>{writer.words_(60)}</p>"),
                            ],
                            published_at=when,
                            section_id=section.pk,
                        )
                    )
                Page.objects.bulk_create(pages)
                rows = []
                for page, article in zip(pages, articles, strict=True):
                    article.page_ptr_id = page.pk
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
    # What an import does after its bulk load (nashir.ops.upkeep): plans need the new sizes.
    from nashir.ops import upkeep

    upkeep.run(force=True)
    return made
