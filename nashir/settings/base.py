"""Settings shared by every environment.

Services come from the environment; with nothing set nashir runs on its embedded
default: SQLite and a file cache under ``var/``, media on the local disk.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from nashir.ops.rates import RateError, parse_rates

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("NASHIR_VAR_DIR", BASE_DIR / "var"))


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_networks(name, default):
    """A list of addresses or ranges; a setting that is neither stops the start."""
    entries = env_list(name, default)
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{name}: {entry!r} is not an address or a range ({exc})"
            ) from None
    return entries


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


INSTALLED_APPS = [
    "nashir.pagecache",
    "nashir.core",
    "nashir.people",
    "nashir.news",
    "nashir.live",
    "nashir.pages",
    "nashir.newsroom",
    "nashir.search",
    "nashir.discussion",
    "nashir.demo",
    "nashir.syndication",
    "nashir.wordpress",
    "nashir.ops",
    "nashir.related",
    "nashir.publishing",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Request rates, latencies and errors by view for /metrics/ (nashir.ops.metrics): the
    # outermost layer, so its latency covers every middleware.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # Next: every log line of a request and every response carry its id (nashir.ops.requestid).
    "nashir.ops.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "nashir.ops.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads what a page shows: it stamps when the request started.
    "nashir.pagecache.middleware.PageCacheMiddleware",
    "nashir.core.sites.SiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF reads the body: NUL in the address gets 400, a body too large 413 (in Arabic;
    # a comment gets its text back).
    "nashir.ops.errors.RequestGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "nashir.wordpress.middleware.LegacyQueryRedirectMiddleware",
    # Counts each response by status and view (django-prometheus), right around the view.
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the Arabic lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nashir.urls"
WSGI_APPLICATION = "nashir.wsgi.application"
# Refused forms explained in Arabic; a refused comment comes back filled in, ready to resend.
CSRF_FAILURE_VIEW = "nashir.discussion.views.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'nashir.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the single writer work at once; IMMEDIATE avoids
    # "database is locked" when two gunicorn workers write. Connections are kept (each
    # worker thread its own): opening one and reading the schema cost ~10 ms per request.
    # A 64 MB page cache per connection (SQLite's default is 2 MB) and the file read through
    # memory mapping (up to 1 GB): at 100,000 articles a search reads the index's pages from
    # memory instead of copying them in one by one (docs/search.md «Speed»).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            " PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824;"
        ),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend with JSON sent as UTF-8, not \uXXXX escapes (nashir/core/postgresql).
    DATABASES["default"]["ENGINE"] = "nashir.core.postgresql"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    from nashir.ops.sharedcache import QuickGiveUpConnection

    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "nashir",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                # Redis down or hung is a cache miss, not a reader's 500: reads find nothing,
                # writes and counts are skipped (rate limits let readers through), /health/
                # says «degraded», and a line reaches the log once a minute (LOGGING below).
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                # After one failure the process leaves Redis alone for 5 s: a hung Redis costs
                # one timeout per process, not one per cache read (nashir.ops.sharedcache).
                "CONNECTION_POOL_KWARGS": {"connection_class": QuickGiveUpConnection},
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "nashir.cache"
else:
    # A file cache is shared by every gunicorn worker, so a purge reaches all of them.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Wagtail writes a rendition to the cache every time a page shows an image; keeping them in each
# process's memory spares the shared cache (a file write, or a Redis round trip) per image.
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "nashir-renditions",
    "TIMEOUT": 600,
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
# Values kept in each process under a key of everything they show (teaser cards): never purged,
# only forgotten after ten minutes or when more than MAX_ENTRIES are kept.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "nashir-local",
    "TIMEOUT": 600,
    "OPTIONS": {"MAX_ENTRIES": 4096},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية")]
TIME_ZONE = os.environ.get("NASHIR_TIME_ZONE", "Asia/Damascus")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["nashir.formats"]
LOCALE_PATHS = [PROJECT_DIR / "locale"]

STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("NASHIR_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media shared by several app servers: an S3-compatible bucket (AWS, MinIO, Ceph, R2…).
NASHIR_MEDIA_ORIGIN = ""  # where images come from when not from the site itself (for the CSP)
if os.environ.get("NASHIR_MEDIA_STORAGE", "local") == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # Uploaded images are public; Wagtail's renditions keep stable names.
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "file_overwrite": False,
            "default_acl": None,
        },
    }
    if os.environ.get("AWS_S3_CUSTOM_DOMAIN"):
        NASHIR_MEDIA_ORIGIN = f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN']}"
    else:
        NASHIR_MEDIA_ORIGIN = os.environ.get("AWS_S3_ENDPOINT_URL", "https://*.amazonaws.com")
WHITENOISE_MAX_AGE = 3600

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# The site's public address, the one place it is set: links in e-mails (review, comments), the
# admin's own links, rendering ahead. `make run` passes http://HOST:PORT. The default Site must
# answer at it: pages are kept for readers only at their Site's own address (`ensure_admin`
# sets the Site).
NASHIR_BASE_URL = os.environ.get("NASHIR_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Wagtail
WAGTAIL_SITE_NAME = "ناشر"
WAGTAILADMIN_BASE_URL = NASHIR_BASE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ar", "العربية"), ("en", "English")]
WAGTAILADMIN_USER_LOGIN_FORM = "nashir.core.forms.ArabicLoginForm"
WAGTAIL_CONTENT_LANGUAGES = [("ar", "العربية")]
# Wagtail's database backend with title norms set per written chunk (nashir.search.backend).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "nashir.search.backend"}}
if DATABASES["default"]["ENGINE"] == "nashir.core.postgresql":
    # The indexed text is already analysed by nashir.arabic; PostgreSQL must only split it
    # on spaces, not stem it again (docs/search.md). SQLite ignores SEARCH_CONFIG.
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "simple"
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "png", "avif": "webp"}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
# The admin asks no other site for anything: avatars are drawn from initials (nashir.core.
# admin_avatars), no upgrade check or release notes are fetched from wagtail.org.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

TAGGIT_CASE_INSENSITIVE = True

# Background work: immediate unless a real queue is configured (production sets "database":
# tasks wait in the database for `manage.py db_worker`).
if os.environ.get("NASHIR_TASKS", "immediate") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Admin login throttling (django-axes): 5 failures lock that user name from that address for
# an hour. Axes must come first so a locked-out login is refused before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "nashir.ops.security.locked_out"
AXES_CLIENT_IP_CALLABLE = "nashir.ops.security.client_ip"
# Proxies whose X-Forwarded-For and X-Request-ID are believed (nginx on the same machine by
# default): addresses or ranges. nashir.ops.security.client_ip is the one rule for the project.
NASHIR_TRUSTED_PROXIES = env_networks("NASHIR_TRUSTED_PROXIES", "127.0.0.1,::1")
# Per-address and per-e-mail limits (nashir.ops.ratelimit, on django-ratelimit), e.g.
# NASHIR_RATE_LIMITS="comment-ip=20/10m,read-beacon=120/m"; see docs/deploy.md.
try:
    NASHIR_RATE_LIMITS = parse_rates(os.environ.get("NASHIR_RATE_LIMITS", ""))
except RateError as _exc:
    raise ImproperlyConfigured(f"NASHIR_RATE_LIMITS: {_exc}") from None
# Caches that report a failure instead of raising (memcached) let readers through too.
RATELIMIT_FAIL_OPEN = True

# /metrics/ (nashir.ops.metrics, docs/deploy.md «Metrics and alerts»): answered only to these
# addresses or ranges (the client's, as NASHIR_TRUSTED_PROXIES tell it) or to a scraper sending
# "Authorization: Bearer $NASHIR_METRICS_TOKEN".
NASHIR_METRICS_ALLOW = env_networks("NASHIR_METRICS_ALLOW", "127.0.0.1,::1")
NASHIR_METRICS_TOKEN = os.environ.get("NASHIR_METRICS_TOKEN", "").strip()
# Where every gunicorn worker of this machine writes its request counters (set by
# deploy/gunicorn.conf.py); empty: this process's own counters (runserver, tests).
NASHIR_METRICS_DIR = os.environ.get("NASHIR_METRICS_DIR", "")
# Fewer latency buckets than django-prometheus's 17: cheaper per request, enough for alerts.
PROMETHEUS_LATENCY_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, float("inf"))

# Content-Security-Policy of the public pages (nashir.ops.csp), also sent by the page-cache tiers.
# The admin (Wagtail) needs inline scripts and styles and gets none.
NASHIR_CSP = (
    f"default-src 'self'; img-src 'self' data:{' ' + NASHIR_MEDIA_ORIGIN if NASHIR_MEDIA_ORIGIN else ''}; "
    "style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'; form-action 'self'"
)
NASHIR_CSP_EXEMPT_PREFIXES = ("/admin/",)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")
# A mail server that hangs must not hold a task worker for ever (seconds).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
# A moderator notification that could not be sent is tried again after each of these waits
# (minutes), then given up as an error (nashir.discussion.notifications).
NASHIR_NOTIFY_RETRY_MINUTES = [
    int(m) for m in env_list("NASHIR_NOTIFY_RETRY_MINUTES", "1,5,15,40") if m.isdigit()
]
# Workflow mail («مراجعة التحرير»): to editors on submission, to the writer on approval or rejection.
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_USE_HTML = True

# The page cache (nashir.pagecache). The files tier: pages as files that nginx or PageCacheApp
# serve to anonymous readers, on one machine. Several app machines: switch it off and put
# Varnish or a CDN in front (NASHIR_VARNISH_URL, docs/deploy.md).
# A task RUNNING longer than this is taken for abandoned by a worker that died, and requeued
# by `manage.py chores` (nashir's tasks take seconds). Fractions allowed (bench/faults.py: 0.25).
NASHIR_TASK_STUCK_MINUTES = float(os.environ.get("NASHIR_TASK_STUCK_MINUTES", "30"))

NASHIR_PAGE_CACHE = env_bool("NASHIR_PAGE_CACHE", True)
NASHIR_PAGE_CACHE_DIR = Path(os.environ.get("NASHIR_PAGE_CACHE_DIR", VAR_DIR / "pagecache"))
NASHIR_PAGE_CACHE_TTL = int(os.environ.get("NASHIR_PAGE_CACHE_TTL", "600"))
# An article's rendered text, related list and comments, kept until what they show changes
# (nashir.pagecache.keep): a page-cache miss then renders only the page around them.
NASHIR_FRAGMENT_CACHE = env_bool("NASHIR_FRAGMENT_CACHE", True)
# After a publish the task worker renders the article, its section and the home page, so the
# first reader is served a kept page (nashir.publishing.pipeline.render_ahead).
NASHIR_PRERENDER = env_bool("NASHIR_PRERENDER", True)
# Shared caches in front of nashir learn what a page shows from these response headers (Varnish's
# xkey vmod reads "xkey"; Fastly "Surrogate-Key"; Cloudflare "Cache-Tag") and are purged by key.
NASHIR_SURROGATE_KEY_HEADERS = env_list("NASHIR_SURROGATE_KEY_HEADERS", "xkey")
# Varnish with the xkey vmod in front (deploy/varnish.vcl): purged by key on every change.
# Other shared caches (Cloudflare, CloudFront …): set WAGTAILFRONTENDCACHE in a settings module
# of your own; nashir gives them the addresses of the pages to purge.
if os.environ.get("NASHIR_VARNISH_URL"):
    WAGTAILFRONTENDCACHE = {
        f"varnish{i}": {
            "BACKEND": "nashir.pagecache.frontends.VarnishXkeyBackend",
            "LOCATION": location,
        }
        for i, location in enumerate(env_list("NASHIR_VARNISH_URL"))
    }

# nashir
NASHIR_PAGE_SIZE = 12
NASHIR_TICKER_SIZE = 10
# How often an open live coverage page asks for new entries (nashir.live, docs/live.md).
NASHIR_LIVE_POLL_SECONDS = int(os.environ.get("NASHIR_LIVE_POLL_SECONDS", "10"))
# Articles show the Hijri date beside the Gregorian one («19 جمادى الآخرة 1448 هـ»).
NASHIR_SHOW_HIJRI = env_bool("NASHIR_SHOW_HIJRI", True)
NASHIR_RELATED_SIZE = 4
# «الأكثر قراءة»: list length, seconds a computed list is reused, and how often the counted reads
# are written by the beacons themselves (0: only by the command). Beacons per reader: the
# `read-beacon` rate in NASHIR_RATE_LIMITS.
NASHIR_MOST_READ_SIZE = 5
NASHIR_MOST_READ_TTL = 300
NASHIR_READS_FLUSH_SECONDS = int(os.environ.get("NASHIR_READS_FLUSH_SECONDS", "300"))
# Feeds: full text (summary plus the whole body) or the summary only; items per feed.
NASHIR_FEED_FULL_TEXT = env_bool("NASHIR_FEED_FULL_TEXT", True)
NASHIR_FEED_SIZE = 30

# Logging: to stderr, which gunicorn passes on and systemd sends to the journal
# (`journalctl -u 'nashir-gunicorn@*'`). Every line carries the request's id (nashir.ops.requestid,
# "-" outside a request); every 500 is logged by django.request with its traceback. 4xx answers
# are in the access log, not here. docs/deploy.md shows how to read them.
NASHIR_LOG_LEVEL = os.environ.get("NASHIR_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "nashir.ops.requestid.RequestIdFilter"},
        "once_a_minute": {"()": "nashir.ops.requestid.OncePerInterval", "seconds": 60},
    },
    "formatters": {
        "nashir": {
            "format": "%(asctime)s %(levelname)s %(name)s [request %(request_id)s] %(message)s",
        },
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",  # sys.stderr
            "filters": ["request_id"],
            "formatter": "nashir",
        },
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "nashir": {"level": NASHIR_LOG_LEVEL},
        # Redis unreachable (errors ignored above): said once a minute, not on every cache call.
        "nashir.cache": {"filters": ["once_a_minute"]},
        # 5xx with traceback; 4xx ("Not Found: /wp-login.php") only fill the log: the access
        # log has them.
        "django": {"handlers": [], "level": "INFO"},
        "django.request": {"level": "ERROR"},
        # A request for a host name not served here: scanners send them all day.
        "django.security.DisallowedHost": {"level": "CRITICAL"},
    },
}
