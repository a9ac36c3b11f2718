from django.db import models
from django.utils.translation import gettext_lazy as _


class ReadCount(models.Model):
    """How many times an article was read in one hour: no reader, address or cookie is kept.

    Made (count 0) at the article's first read of the hour; the flush adds the reads counted
    in the cache since (nashir.newsroom.readcounts)."""

    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("المقال"),
        on_delete=models.CASCADE,
        related_name="read_counts",
    )
    hour = models.DateTimeField(_("الساعة"))
    count = models.PositiveIntegerField(_("عدد القراءات"), default=0)
    #: How much of the cache's counter for this article and hour is already in `count`.
    counted = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("عدد قراءات")
        verbose_name_plural = _("أعداد القراءات")
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="one_read_count_per_hour")
        ]
        indexes = [models.Index(fields=["hour", "article"])]

    def __str__(self):
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H}:00 = {self.count}"
