from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from nashir.core import pagecache

from .models import StandardPage


@receiver([page_published, page_unpublished], sender=StandardPage)
def purge_footer(sender, instance, **kwargs):
    """Footer pages are linked from every page: a change to one purges the whole site."""
    pagecache.purge("site")
