from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    """Feeds, sitemaps, robots.txt, structured data and the read-only API."""

    name = "nashir.syndication"
    verbose_name = "التغذيات والفهرسة"
