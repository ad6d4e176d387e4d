"""Where the audit log lives and how it is keyed: from the environment, never the ZODB.

RATUSHA_AUDIT_DB        SQLAlchemy URL; default sqlite:///$RATUSHA_VAR/audit.sqlite (ratusha.core.config)
RATUSHA_AUDIT_KEY       the HMAC key itself, or
RATUSHA_AUDIT_KEY_FILE  a file holding it; default $RATUSHA_VAR/audit.key, created once (0600)
RATUSHA_TRUSTED_PROXIES addresses/networks whose X-Forwarded-For is believed
RATUSHA_INSTANCE_NAME   this instance's name in records; default host name and process id
RATUSHA_AUDIT_RETENTION per event class, in days, e.g. "auth=365,content=3650"
"""

import os
from ratusha.core.config import database_url  # noqa: F401 (the audit trail's database)
from ratusha.core.config import NotConfigured
from ratusha.core.secrets import load_secret
from ratusha.core.secrets import SecretNotConfigured
import socket


DEFAULT_RETENTION_DAYS = {
    "auth": 365,
    "access": 365,
    "request": 90,
    "settings": 3650,
    "authz": 3650,
    "content": 3650,
    "personal-data": 1825,
    "audit": 3650,
}


class AuditNotConfigured(NotConfigured):
    """No database or key could be found: the administrator must set the environment."""


def load_key() -> bytes:
    try:
        return load_secret("RATUSHA_AUDIT_KEY", "audit.key")
    except SecretNotConfigured as exc:
        raise AuditNotConfigured(str(exc))


def instance_name() -> str:
    return os.environ.get("RATUSHA_INSTANCE_NAME") or f"{socket.gethostname()}:{os.getpid()}"


def retention_days() -> dict:
    days = dict(DEFAULT_RETENTION_DAYS)
    for item in os.environ.get("RATUSHA_AUDIT_RETENTION", "").split(","):
        if "=" in item:
            event_class, value = item.split("=", 1)
            days[event_class.strip()] = int(value)
    return days
