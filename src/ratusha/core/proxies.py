"""Which reverse proxies are believed when they speak for the client (X-Forwarded-For, -Proto).

One list for every reader: the audit trail's client address and the HTTPS signal of the
session cookie must never disagree about whom to trust.
"""

import os


def trusted_proxies() -> list[str]:
    return [p for p in os.environ.get("RATUSHA_TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if p]
