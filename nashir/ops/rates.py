"""The rates of nashir's limits, read once at start-up (no Django import: settings use it)."""

import re

#: What each limit counts, and its default rate: "count/period" in django-ratelimit's syntax
#: (s, m, h or d, with an optional multiplier: "10/10m"). An empty rate turns a limit off.
DEFAULT_RATES = {
    "comment-ip": "10/10m",  # comments sent from one address
    "comment-email": "5/10m",  # comments signed with one e-mail address
    "read-beacon": "60/m",  # reads one address may count for «الأكثر قراءة»
}
RATE = re.compile(r"[0-9]+/[0-9]*[smhd]")


class RateError(ValueError):
    pass


def parse_rates(text):
    """``NASHIR_RATE_LIMITS`` from the environment (``"comment-ip=20/10m,read-beacon=120/m"``)
    on top of the defaults; a limit nobody counts or a rate that cannot be read is refused."""
    rates = dict(DEFAULT_RATES)
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _, rate = (piece.strip() for piece in item.partition("="))
        if name not in DEFAULT_RATES:
            raise RateError(f"unknown limit {name!r} (known: {', '.join(DEFAULT_RATES)})")
        if rate and not RATE.fullmatch(rate):
            raise RateError(f"{name}={rate!r} is not a rate like 10/10m or 60/m")
        rates[name] = rate
    return rates
