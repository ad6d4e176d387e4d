"""Brute-force rules: when failed logins lock an account or an address. Plain Python.

Counting happens in a window; reaching the limit locks for a period. Locking the account in
Ratusha below the directory's own lockout threshold keeps Ratusha from being used to lock
people out of Active Directory.
"""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Policy:
    max_failures: int = 5  # per account
    max_failures_per_address: int = 20
    window_seconds: int = 900
    lock_seconds: int = 900


@dataclasses.dataclass
class Counter:
    failures: int = 0
    first_failure: float = 0.0
    locked_until: float = 0.0


def is_locked(counter: Counter | None, now: float) -> bool:
    return counter is not None and counter.locked_until > now


def after_failure(counter: Counter | None, now: float, limit: int, policy: Policy) -> Counter:
    """The counter after one more failure; it carries a lock once the limit is reached."""
    if counter is None or now - counter.first_failure > policy.window_seconds:
        counter = Counter(failures=0, first_failure=now)
    counter = dataclasses.replace(counter, failures=counter.failures + 1)
    if counter.failures >= limit:
        counter = dataclasses.replace(counter, locked_until=now + policy.lock_seconds)
    return counter
