"""Optional error reporting to Sentry (or a compatible service such as GlitchTip).

Started by the production settings only when ``SENTRY_DSN`` is set; without it sentry-sdk is
never initialised and nothing is sent anywhere. Readers' data stays home: no cookies, user,
IP address or request body (comments carry e-mail addresses) and no local variables are sent,
only the traceback, the URL and the request id (tag ``request_id``, also in the journal).
"""

import os


def start_error_reporting(dsn):
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=os.environ.get("SENTRY_RELEASE") or None,
        # Performance tracing costs every request; off unless asked for (e.g. 0.05).
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE") or 0),
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
    )
