"""The hash chain: what makes the audit log tamper-evident. Plain Python, no Zope.

Each record has a content digest (SHA-256 of its canonical content) and a link hash:
HMAC-SHA256(key, seq | previous hash | digest). Without the key nobody can forge a link, so
an edited, inserted, deleted or reordered record breaks the chain at that record. Purging
for retention blanks a record's content but keeps its digest, so the chain still verifies.
Verification (ratusha.audit.verification) checks every record and names every break.
"""

import hashlib
import hmac
import json


GENESIS = "0" * 64

# The fields a digest covers, in order. Adding a field means a new chain version.
CONTENT_FIELDS = (
    "seq",
    "ts",
    "instance",
    "request_id",
    "actor_id",
    "actor_login",
    "auth_method",
    "client_ip",
    "user_agent",
    "action",
    "event_class",
    "object_uid",
    "object_path",
    "object_type",
    "outcome",
    "details",
)


def canonical(content: dict) -> bytes:
    """One byte string per record content, independent of dict order and whitespace."""
    # surrogatepass: a record edited behind the log's back must not stop verification
    return json.dumps(
        [content.get(name) for name in CONTENT_FIELDS],
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    ).encode("utf-8", "surrogatepass")


def digest(content: dict) -> str:
    return hashlib.sha256(canonical(content)).hexdigest()


def link(key: bytes, seq: int, prev_hash: str, content_digest: str) -> str:
    message = f"{seq}|{prev_hash}|{content_digest}".encode("utf-8", "surrogatepass")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


# What a purge keeps of a record; everything else is blanked.
KEPT_WHEN_PURGED = ("seq", "ts", "action", "event_class", "outcome")
PURGE_ACTION = "audit.purge"


def covers(purge_record, record) -> bool:
    """Does this purge record account for that blanked record?"""
    try:
        details = json.loads(purge_record.get("details") or "{}")
        return (
            details["event_class"] == record["event_class"]
            and details["first_seq"] <= record["seq"] <= details["last_seq"]
            and record["ts"] < details["older_than"]
        )
    except (ValueError, KeyError, TypeError):
        return False
