from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running nashir in production: health checks, security headers, backups, login throttling."""

    name = "nashir.ops"
    verbose_name = _("التشغيل")
