"""Retry timing: capped exponential backoff with full jitter, and `Retry-After`.

Full jitter (AWS Architecture Blog, 2015): sleep = U(0, min(cap, base * 2**attempt)).
`Retry-After` (RFC 9110 10.2.3) is delay-seconds or an HTTP-date; the pause is clamped
to [1 s, 24 h] with +0-10 % jitter so kiosks told the same date don't return in step.
Clock and randomness are injected so tests need no sleeping.
"""

from __future__ import annotations

import random
from email.utils import parsedate_to_datetime

BASE_S = 5.0
CAP_S = 900.0
PAUSE_MIN_S = 1.0
PAUSE_MAX_S = 24 * 3600.0


def full_jitter(attempt: int, *, base: float = BASE_S, cap: float = CAP_S, rng: random.Random | None = None) -> float:
    """Delay before retry number `attempt` (0 = first retry)."""
    r = rng or random
    ceiling = min(cap, base * (2 ** min(attempt, 32)))
    return r.uniform(0, ceiling)


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from `now`, or None when the header is absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return parsedate_to_datetime(value).timestamp() - now
    except (TypeError, ValueError, IndexError):
        return None


def pause_for(value: str | None, now: float, *, rng: random.Random | None = None,
              lo: float = PAUSE_MIN_S, hi: float = PAUSE_MAX_S) -> float:
    """Clamped, jittered global pause for a 429/503 answer (defaults to `lo` if no header)."""
    r = rng or random
    secs = parse_retry_after(value, now)
    secs = lo if secs is None else min(hi, max(lo, secs))
    return secs * (1 + r.uniform(0, 0.10))
