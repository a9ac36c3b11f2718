from datetime import timedelta
from io import BytesIO

from django.core.files.images import ImageFile
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.images import get_image_model
from wagtail.models import Collection, Site

from nashir.core.models import SiteBranding
from nashir.demo import content
from nashir.demo.images import portrait_jpeg, scene_jpeg
from nashir.news.models import ArticleByline, ArticlePage, HomePage, SectionPage
from nashir.pagecache import Key, purge
from nashir.pages.models import StandardPage
from nashir.people.models import Author
from nashir.publishing.pipeline import suspended

PHOTOGRAPHED_AUTHORS = 3  # the others show an initials avatar, as many real bylines do


class Command(BaseCommand):
    help = "Load the demo newsroom (sections, authors, articles, images). Safe to run again."

    def handle(self, *args, **options):
        # Related lists are computed once at the end, as an import does: publishing each article
        # would recompute them one by one and render every page ahead (for nobody, at install).
        with suspended(), transaction.atomic():
            created = self.load()
        if created:
            call_command("compute_related", "--all", verbosity=0)
            purge(Key.SITE)  # a site already serving readers shows the demo at once
            self.stdout.write(self.style.SUCCESS(f"Demo newsroom loaded: {created} new articles."))
        else:
            self.stdout.write("Demo newsroom already loaded; nothing changed.")

    def load(self):
        home = HomePage.objects.first()
        if home is None:
            raise SystemExit("No home page: run 'manage.py migrate' first.")
        site = Site.objects.get(is_default_site=True)
        branding = SiteBranding.for_site(site)
        if not branding.tagline:
            branding.site_name = content.SITE["name"]
            branding.tagline = content.SITE["tagline"]
            branding.save()

        collection = self.demo_collection()
        sections = {s["slug"]: self.section(home, s) for s in content.SECTIONS}
        if branding.opinion_section_id is None and "opinion" in sections:
            branding.opinion_section = sections["opinion"]
            branding.save()
        for page in content.STANDARD_PAGES:
            self.standard_page(home, *page)
        authors = {
            a["slug"]: self.author(a, collection, with_photo=i < PHOTOGRAPHED_AUTHORS)
            for i, a in enumerate(content.AUTHORS)
        }

        now = timezone.now().replace(second=0, microsecond=0)
        new_articles = []
        for data in content.ARTICLES:
            section = sections[data["section"]]
            if ArticlePage.objects.child_of(section).filter(slug=data["slug"]).exists():
                continue
            article = ArticlePage(
                title=data["title"],
                slug=data["slug"],
                kicker=data.get("kicker", ""),
                summary=data["summary"],
                image_caption=data.get("image_caption", ""),
                image_credit=data.get("image_credit", ""),
                breaking=data.get("breaking", False),
                featured_image=self.image(
                    data.get("image_caption") or data["title"],
                    f"article-{data['slug']}",
                    scene_jpeg(data["slug"], data["section"]),
                    collection,
                ),
                body=[],
                live=False,
            )
            for author_slug in data["authors"]:
                article.bylines.add(ArticleByline(author=authors[author_slug]))
            article.tags.add(*data["tags"])
            section.add_child(instance=article)
            new_articles.append((article, data))

        # Bodies last: read-also links may point at articles created later in the same run.
        by_slug = {a.slug: a for a in ArticlePage.objects.all()}
        for article, data in new_articles:
            article.body = [self.block(kind, value, by_slug) for kind, value in data["body"]]
            article.save_revision().publish()
            published = now - timedelta(hours=data["hours_ago"])
            ArticlePage.objects.filter(pk=article.pk).update(
                published_at=published,
                first_published_at=published,
                last_published_at=published,
                latest_revision_created_at=published,
            )
        if new_articles:
            self.comments(by_slug, now)
            self.reads([article for article, _ in new_articles], now)
        # The live coverage page and its ~30 entries (nashir/demo/live.py).
        from nashir.demo import live as live_demo

        live = live_demo.load(self, sections, authors, collection, by_slug, now)
        return len(new_articles) + live

    def reads(self, articles, now):
        """Reads of the last week, so «الأكثر قراءة» has something to show in the demo: a
        steady number per story (from its slug), in the hours after it was published."""
        import hashlib

        from nashir.newsroom.models import ReadCount
        from nashir.newsroom.readcounts import hour_of

        rows = []
        for article in articles:
            published = ArticlePage.objects.values_list("published_at", flat=True).get(
                pk=article.pk
            )
            age = (now - published).total_seconds() / 3600
            if age > 24 * 7:
                continue
            weight = int(hashlib.sha256(article.slug.encode()).hexdigest()[:4], 16) % 400 + 40
            for hours_ago in sorted({max(0, int(age) - 1), max(0, int(age) // 2), 1}):
                if hours_ago <= age:
                    rows.append(
                        ReadCount(
                            article=article,
                            hour=hour_of(now - timedelta(hours=hours_ago)),
                            count=max(1, weight // (hours_ago + 1)),
                        )
                    )
        ReadCount.objects.bulk_create(rows, ignore_conflicts=True)

    def comments(self, by_slug, now):
        """A few approved, threaded comments so the demo article pages look read."""
        from nashir.discussion.models import Comment

        def add(article, entries, parent, minutes):
            for name, text, replies in entries:
                minutes += 9
                comment = Comment.objects.create(
                    article=article,
                    parent=parent,
                    name=name,
                    email=f"reader{minutes}@example.org",
                    body=text,
                    status=Comment.Status.APPROVED,
                    created_at=min(article.published_at + timedelta(minutes=minutes), now),
                )
                minutes = add(article, replies, comment, minutes)
            return minutes

        for slug, entries in content.COMMENTS:
            article = ArticlePage.objects.get(pk=by_slug[slug].pk)
            add(article, entries, None, 0)

    def demo_collection(self):
        root = Collection.get_first_root_node()
        existing = root.get_children().filter(name="المحتوى التجريبي").first()
        return existing or root.add_child(name="المحتوى التجريبي")

    def section(self, home, data):
        existing = SectionPage.objects.child_of(home).filter(slug=data["slug"]).first()
        if existing:
            return existing
        section = SectionPage(
            title=data["title"], slug=data["slug"], intro=data.get("intro", ""), show_in_menus=True
        )
        home.add_child(instance=section)
        section.save_revision().publish()
        return section

    def standard_page(self, home, slug, title, intro, paragraphs):
        if StandardPage.objects.child_of(home).filter(slug=slug).exists():
            return
        body = [
            item if isinstance(item, tuple) else ("paragraph", f"<p>{escape(item)}</p>")
            for item in paragraphs
        ]
        page = StandardPage(title=title, slug=slug, intro=intro, body=body, show_in_menus=True)
        home.add_child(instance=page)
        page.save_revision().publish()

    def author(self, data, collection, with_photo):
        author = Author.objects.filter(slug=data["slug"]).first()
        if author:
            return author
        photo = None
        if with_photo and not data.get("is_desk"):
            photo = self.image(
                data["name"], f"author-{data['slug']}", portrait_jpeg(data["slug"]), collection
            )
        return Author.objects.create(
            slug=data["slug"],
            name=data["name"],
            role=data.get("role", ""),
            bio=data.get("bio", ""),
            is_desk=data.get("is_desk", False),
            photo=photo,
        )

    def image(self, title, filename, data, collection):
        Image = get_image_model()
        image = Image(title=title, collection=collection)
        image.file = ImageFile(BytesIO(data), name=f"{filename}.jpg")
        image.save()
        return image

    def block(self, kind, value, by_slug):
        if kind == "paragraph":
            return ("paragraph", f"<p>{escape(value)}</p>")
        if kind == "quote":
            text, attribution = value
            return ("quote", {"text": text, "attribution": attribution})
        if kind == "read_also":
            return ("read_also", by_slug[value])
        return (kind, value)
