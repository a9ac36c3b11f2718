"""Who gets through: the signed form stamp, rate limits and the WordPress-style moderation rules."""

import ipaddress
import time
import uuid
from dataclasses import dataclass

from django.core import signing

from nashir.ops.ratelimit import over_limit

from .models import Comment
from .text import blocked_term, count_links

STAMP_SALT = "nashir.discussion.stamp"
STAMP_MAX_AGE = 2 * 24 * 3600


def issue_stamp(recovered=False):
    """A signed «form opened at» time plus the key that makes a double POST harmless.

    Made by the token endpoint or an uncached page, never baked into a cached article.
    A recovered stamp (after a failed CSRF check) carries the reader's text back: it skips
    the timing check, and what is sent with it waits for an editor.
    """
    payload = {"t": round(time.time(), 3), "k": uuid.uuid4().hex}
    if recovered:
        payload["r"] = 1
    return signing.dumps(payload, salt=STAMP_SALT)


@dataclass
class Stamp:
    key: uuid.UUID | None = None
    age: float | None = None
    problem: str = ""  # "missing", "forged", "expired" or ""
    recovered: bool = False


def read_stamp(value):
    if not value:
        return Stamp(problem="missing")
    try:
        payload = signing.loads(value, salt=STAMP_SALT)
        key = uuid.UUID(payload["k"])
        age = time.time() - float(payload["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return Stamp(problem="forged")
    if age > STAMP_MAX_AGE:
        return Stamp(key=key, age=age, problem="expired")
    return Stamp(key=key, age=age, recovered=bool(payload.get("r")))


def ip_prefix(ip):
    """Keep the network, drop the host: /24 for IPv4, /48 for IPv6."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return None
    bits = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{bits}", strict=False).network_address)


def over_rate_limit(request, email):
    """Count this attempt per address and per e-mail (`NASHIR_RATE_LIMITS` "comment-ip" and
    "comment-email"); True when either is exceeded. Both are always counted."""
    by_address = over_limit(request, "comment-ip")
    by_email = bool(email) and over_limit(request, "comment-email", email.lower())
    return by_address or by_email


def decide(comment, stamp, honeypot, comment_settings):
    """Status and reason for a new comment, in WordPress's order: spam checks, then holds.

    Spam is never dropped: it is stored and marked for an editor to look at.
    """
    S = Comment.Status
    if honeypot:
        return S.SPAM, "ملأ حقل المصيدة المخفي"
    if stamp.problem in ("missing", "forged"):
        return S.SPAM, "نموذج بلا توقيت صالح"
    if not stamp.recovered and not stamp.problem and stamp.age < comment_settings.min_seconds:
        return S.SPAM, f"أُرسل بعد {stamp.age:.1f} ثانية فقط من فتح النموذج"
    term = blocked_term(
        comment_settings.blocklist_terms, comment.name, comment.email, comment.url, comment.body
    )
    if term:
        return S.SPAM, f"كلمة محظورة: {term}"
    links = count_links(comment.body)
    if links > comment_settings.max_links:
        return S.PENDING, f"يحتوي {links} روابط"
    if comment_settings.hold_all:
        return S.PENDING, ""
    if stamp.problem == "expired":
        return S.PENDING, "نموذج قديم (فُتح قبل أكثر من يومين)"
    if stamp.recovered:
        return S.PENDING, "أُعيد إرساله بعد تجديد النموذج"
    known = Comment.objects.approved().filter(email=comment.email).exists()
    return (S.APPROVED, "") if known else (S.PENDING, "أول تعليق من هذا البريد")
