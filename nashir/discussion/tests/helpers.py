"""Shared test helpers: a form stamp as if the reader opened the form a while ago."""

import time
import uuid

from django.core import signing

from nashir.discussion.moderation import STAMP_SALT


def stamp(seconds_ago=30, key=None, recovered=False):
    payload = {"t": time.time() - seconds_ago, "k": (key or uuid.uuid4()).hex}
    if recovered:
        payload["r"] = 1
    return signing.dumps(payload, salt=STAMP_SALT)


def form_data(**overrides):
    data = {
        "name": "سلمى العلي",
        "email": "salma@example.org",
        "url": "",
        "body": "شكراً على هذا التقرير المفصّل.",
        "parent": "",
        "stamp": stamp(),
        "phone": "",
    }
    data.update(overrides)
    return data


def post(client, article, **overrides):
    return client.post(f"/comments/post/{article.pk}/", form_data(**overrides))
