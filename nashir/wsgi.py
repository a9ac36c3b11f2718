import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nashir.settings.production")

django_application = get_wsgi_application()

from nashir.pagecache.wsgi import PageCacheApp  # noqa: E402  (needs settings loaded)

application = PageCacheApp(django_application)
