"""Where the audit log lives and how it is keyed: from the environment, never the ZODB.

RATUSHA_AUDIT_DB        SQLAlchemy URL; default sqlite:///$RATUSHA_VAR/audit.sqlite
RATUSHA_AUDIT_KEY       the HMAC key itself, or
RATUSHA_AUDIT_KEY_FILE  a file holding it; default $RATUSHA_VAR/audit.key, created once (0600)
RATUSHA_TRUSTED_PROXIES addresses/networks whose X-Forwarded-For is believed
RATUSHA_INSTANCE_NAME   this instance's name in records; default host name and process id
RATUSHA_AUDIT_RETENTION per event class, in days, e.g. "auth=365,content=3650"
"""

import os
import pathlib
import secrets
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


class AuditNotConfigured(RuntimeError):
    """No database or key could be found: the administrator must set the environment."""


def var_dir() -> pathlib.Path | None:
    value = os.environ.get("RATUSHA_VAR")
    return pathlib.Path(value) if value else None


def database_url() -> str:
    url = os.environ.get("RATUSHA_AUDIT_DB")
    if url:
        return url
    var = var_dir()
    if var is None:
        raise AuditNotConfigured("Set RATUSHA_AUDIT_DB or RATUSHA_VAR.")
    return f"sqlite:///{var / 'audit.sqlite'}"


def load_key() -> bytes:
    if os.environ.get("RATUSHA_AUDIT_KEY"):
        return os.environ["RATUSHA_AUDIT_KEY"].encode("utf-8")
    path = os.environ.get("RATUSHA_AUDIT_KEY_FILE")
    if path:
        return pathlib.Path(path).read_text(encoding="utf-8").strip().encode("utf-8")
    var = var_dir()
    if var is None:
        raise AuditNotConfigured("Set RATUSHA_AUDIT_KEY, RATUSHA_AUDIT_KEY_FILE or RATUSHA_VAR.")
    key_file = var / "audit.key"
    if not key_file.exists():
        var.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    return key_file.read_text(encoding="utf-8").strip().encode("utf-8")


def trusted_proxies() -> list[str]:
    return [p for p in os.environ.get("RATUSHA_TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if p]


def instance_name() -> str:
    return os.environ.get("RATUSHA_INSTANCE_NAME") or f"{socket.gethostname()}:{os.getpid()}"


def retention_days() -> dict:
    days = dict(DEFAULT_RETENTION_DAYS)
    for item in os.environ.get("RATUSHA_AUDIT_RETENTION", "").split(","):
        if "=" in item:
            event_class, value = item.split("=", 1)
            days[event_class.strip()] = int(value)
    return days
