"""What «مقالات ذات صلة» is computed from and stored in: built at publish time, read in one query."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

#: The TermFrequency row counting the indexed articles (real terms are letters and digits only).
DOCUMENTS = "#documents"


class TermFrequency(models.Model):
    """In how many published articles a term occurs: rare terms say more about a story."""

    term = models.CharField(max_length=64, primary_key=True)
    df = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("تكرار مصطلح")
        verbose_name_plural = _("تكرار المصطلحات")

    def __str__(self):
        return f"{self.term}: {self.df}"


class IndexedArticle(models.Model):
    """The terms an article added to TermFrequency, so an edit or unpublish can take them back."""

    article = models.OneToOneField(
        "news.ArticlePage",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="related_index",
    )
    #: "term:count term:count …": enough to re-weigh the article without analysing it again.
    term_counts = models.TextField(blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.article_id}: {len(self.terms)} terms"

    @staticmethod
    def encode(counts):
        return " ".join(f"{term}:{n}" for term, n in sorted(counts.items()))

    @property
    def counts(self):
        return decode_counts(self.term_counts)

    @property
    def terms(self):
        return set(self.counts)


def decode_counts(text):
    pairs = (item.rpartition(":") for item in text.split())
    return {term: int(n) for term, _, n in pairs if term}


class ArticleTerm(models.Model):
    """One of an article's strongest terms (tf·idf, title boosted): a posting to find its neighbours."""

    # Indexed by the unique constraint below (article first).
    article = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="related_terms", db_index=False
    )
    term = models.CharField(max_length=64)
    weight = models.FloatField()

    class Meta:
        # A term's postings strongest first, ties by article (engine.POSTING_ORDER), read
        # from the index alone: bounded per publish, and one ordered scan for the bulk rebuild.
        indexes = [models.Index(fields=["term", "weight", "article"], name="related_postings")]
        constraints = [
            models.UniqueConstraint(fields=["article", "term"], name="related_article_term")
        ]

    def __str__(self):
        return f"{self.article_id}: {self.term} {self.weight:.3f}"


class RelatedArticle(models.Model):
    """One entry of an article's stored list: pinned by an editor or computed, in reading order."""

    article = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="related_list", db_index=False
    )
    related = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="related_to"
    )
    score = models.FloatField(default=0)
    rank = models.PositiveSmallIntegerField(default=0)
    pinned = models.BooleanField(default=False)

    class Meta:
        ordering = ["article", "-pinned", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="related_article_once")
        ]

    def __str__(self):
        return f"{self.article_id} → {self.related_id} ({self.score:.3f})"


class PinnedRelatedArticle(Orderable):
    """An article an editor puts first in «مقالات ذات صلة», whatever the computed list says."""

    article = ParentalKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="pinned_related"
    )
    related = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("المقال"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("related")]

    class Meta(Orderable.Meta):
        verbose_name = _("مقال مثبّت")
        verbose_name_plural = _("مقالات ذات صلة مثبّتة")
