"""Per-process memory: a TTL cache for directory answers and a breaker for outages.

Plain Python, thread-safe (waitress serves with threads), clock injectable for tests.
A page that lists fifty principals must not cost fifty LDAP round trips, and a directory
that is down must cost one timeout, not one per principal.
"""

import collections
import threading
import time


MISSING = object()


class TTLCache:
    """A bounded mapping whose entries expire; None is a value worth caching (a miss)."""

    def __init__(self, ttl, max_entries=20000, clock=time.monotonic):
        self.ttl = ttl
        self.max_entries = max_entries
        self.clock = clock
        self._data = collections.OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            item = self._data.get(key, MISSING)
            if item is MISSING:
                return MISSING
            expires, value = item
            if expires <= self.clock():
                del self._data[key]
                return MISSING
            return value

    def set(self, key, value):
        if self.ttl <= 0:
            return
        with self._lock:
            self._data.pop(key, None)
            self._data[key] = (self.clock() + self.ttl, value)
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)

    def get_or_compute(self, key, compute):
        value = self.get(key)
        if value is MISSING:
            value = compute()
            self.set(key, value)
        return value

    def clear(self):
        with self._lock:
            self._data.clear()

    def __len__(self):
        return len(self._data)


class Breaker:
    """After a failure, answer "down" at once for retry_after seconds, then try again.

    Reports transitions (went down, came back) so they are logged once, not per request.
    """

    def __init__(self, retry_after, clock=time.monotonic):
        self.retry_after = retry_after
        self.clock = clock
        self._lock = threading.Lock()
        self._down_until = None
        self.reason = ""

    def is_open(self):
        """True while calls should not even be tried."""
        with self._lock:
            return self._down_until is not None and self.clock() < self._down_until

    def failed(self, reason):
        """Record a failure; True if the directory was considered up until now."""
        with self._lock:
            was_up = self._down_until is None
            self._down_until = self.clock() + self.retry_after
            self.reason = reason
            return was_up

    def succeeded(self):
        """Record a success; True if this ends an outage."""
        with self._lock:
            was_down = self._down_until is not None
            self._down_until = None
            self.reason = ""
            return was_down
