"""A growing delay after wrong passwords, per User ID and per IP address (OWASP ASVS 5 §6.3,
NIST SP 800-63B-4 §3.2.2: rate limiting instead of a lockout a stranger could trigger).

The first `SIGN_IN_FREE_FAILURES` wrong passwords for a User ID cost nothing; after that each
further attempt waits 1 s, 2 s, 4 s, … doubling up to `SIGN_IN_MAX_DELAY` after the last
failure. The same for an IP address after `SIGN_IN_FREE_FAILURES_PER_IP`. Counts live in the
cache for `SIGN_IN_FAILURE_WINDOW`; a success clears the User ID's count, a password reset
or support's Unlock clears it too, so the owner can always get back in. Unknown User IDs are
counted the same way, so the answer never tells whether a User ID exists."""

import hashlib
import time

from django.core.cache import cache

from .choices import (
    SIGN_IN_FAILURE_WINDOW,
    SIGN_IN_FREE_FAILURES,
    SIGN_IN_FREE_FAILURES_PER_IP,
    SIGN_IN_MAX_DELAY,
)


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]  # no User ID or IP in cache keys
    return f"signin-throttle:{kind}:{digest}"


def delay_for(failures: int, free: int) -> int:
    """Seconds to wait after the last failure, given how many there were."""
    if failures < free:
        return 0
    return min(int(SIGN_IN_MAX_DELAY.total_seconds()), 2 ** (failures - free))


def _wait(kind: str, value: str, free: int, now: float) -> int:
    if not value:
        return 0
    state = cache.get(_key(kind, value))
    if not state:
        return 0
    failures, last = state
    return max(0, int(last + delay_for(failures, free) - now + 0.999))


def wait_seconds(*, username: str, ip: str | None, now: float | None = None) -> int:
    """How long this User ID and IP must still wait before the next password attempt (0: none)."""
    now = time.time() if now is None else now
    return max(_wait("user", username, SIGN_IN_FREE_FAILURES, now),
               _wait("ip", ip or "", SIGN_IN_FREE_FAILURES_PER_IP, now))


def _count(kind: str, value: str, now: float) -> int:
    key = _key(kind, value)
    failures, _last = cache.get(key) or (0, now)
    failures += 1
    cache.set(key, (failures, now), int(SIGN_IN_FAILURE_WINDOW.total_seconds()))
    return failures


def failure_record(*, username: str, ip: str | None, now: float | None = None) -> int:
    """Count a wrong password; returns the User ID's count in the window."""
    now = time.time() if now is None else now
    if ip:
        _count("ip", ip, now)
    return _count("user", username, now) if username else 0


def clear(*, username: str) -> None:
    cache.delete(_key("user", username))
