"""The hash chain: what makes the audit log tamper-evident. Plain Python, no Zope.

Each record has a content digest (SHA-256 of its canonical content) and a link hash:
HMAC-SHA256(key, seq | previous hash | digest). Without the key nobody can forge a link, so
an edited, inserted, deleted or reordered record breaks the chain at that record. Purging
for retention blanks a record's content but keeps its digest, so the chain still verifies.
"""

import dataclasses
import hashlib
import hmac
import json

GENESIS = "0" * 64

# The fields a digest covers, in order. Adding a field means a new chain version.
CONTENT_FIELDS = (
    "seq", "ts", "instance", "request_id", "actor_id", "actor_login", "auth_method",
    "client_ip", "user_agent", "action", "event_class", "object_uid", "object_path",
    "object_type", "outcome", "details",
)


def canonical(content: dict) -> bytes:
    """One byte string per record content, independent of dict order and whitespace."""
    return json.dumps(
        [content.get(name) for name in CONTENT_FIELDS],
        ensure_ascii=False, separators=(",", ":"), sort_keys=True,
    ).encode("utf-8")


def digest(content: dict) -> str:
    return hashlib.sha256(canonical(content)).hexdigest()


def link(key: bytes, seq: int, prev_hash: str, content_digest: str) -> str:
    message = f"{seq}|{prev_hash}|{content_digest}".encode("ascii")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


# What a purge keeps of a record; everything else is blanked.
KEPT_WHEN_PURGED = ("seq", "ts", "action", "event_class", "outcome")
PURGE_ACTION = "audit.purge"


def _covers(purge_record, record) -> bool:
    """Does this purge record account for that blanked record?"""
    try:
        details = json.loads(purge_record.get("details") or "{}")
        return (details["event_class"] == record["event_class"]
                and details["first_seq"] <= record["seq"] <= details["last_seq"]
                and record["ts"] < details["older_than"])
    except (ValueError, KeyError, TypeError):
        return False


@dataclasses.dataclass
class Problem:
    seq: int
    reason: str


@dataclasses.dataclass
class Verdict:
    ok: bool
    checked: int
    last_seq: int
    last_hash: str
    problem: Problem | None = None

    def __str__(self):
        if self.ok:
            return f"OK: {self.checked} records, head {self.last_seq} {self.last_hash}"
        return f"BROKEN at record {self.problem.seq}: {self.problem.reason}"


def verify(records, key: bytes, anchor: tuple[int, str] | None = None) -> Verdict:
    """Walk records in sequence order; stop at the first that does not fit.

    `records` yields dicts with the CONTENT_FIELDS plus digest, prev_hash, hash and purged.
    `anchor` is an exported (seq, hash) head: the chain must still contain it unchanged.
    """
    expected_seq, prev_hash, checked = 1, GENESIS, 0
    anchor_seen = anchor is None
    unexplained = {}  # blanked records no purge record has accounted for yet
    for record in records:
        seq = record["seq"]
        if seq != expected_seq:
            reason = (f"record {expected_seq} is missing" if seq > expected_seq
                      else f"sequence goes back from {expected_seq - 1} to {seq}")
            return Verdict(False, checked, expected_seq - 1, prev_hash,
                           Problem(expected_seq if seq > expected_seq else seq, reason))
        if record["prev_hash"] != prev_hash:
            return Verdict(False, checked, seq - 1, prev_hash,
                           Problem(seq, "its previous-hash does not match the record before"))
        if not record["purged"] and digest(record) != record["digest"]:
            return Verdict(False, checked, seq - 1, prev_hash,
                           Problem(seq, "its content was changed after it was written"))
        if record["purged"]:
            if any(record.get(name) is not None for name in CONTENT_FIELDS
                   if name not in KEPT_WHEN_PURGED):
                return Verdict(False, checked, seq - 1, prev_hash,
                               Problem(seq, "it is marked purged but still holds content"))
            unexplained[seq] = record
        if record["action"] == PURGE_ACTION and not record["purged"]:
            for blanked_seq in [n for n, r in unexplained.items() if _covers(record, r)]:
                del unexplained[blanked_seq]
        if not hmac.compare_digest(link(key, seq, prev_hash, record["digest"]), record["hash"]):
            return Verdict(False, checked, seq - 1, prev_hash,
                           Problem(seq, "its hash is not the one the key gives"))
        if anchor is not None and seq == anchor[0]:
            if record["hash"] != anchor[1]:
                return Verdict(False, checked, seq, record["hash"],
                               Problem(seq, "it differs from the exported anchor"))
            anchor_seen = True
        prev_hash, expected_seq, checked = record["hash"], seq + 1, checked + 1
    if unexplained:
        first = min(unexplained)
        return Verdict(False, checked, expected_seq - 1, prev_hash,
                       Problem(first, "it was blanked, but no purge record accounts for it"))
    if not anchor_seen:
        return Verdict(False, checked, expected_seq - 1, prev_hash,
                       Problem(anchor[0], f"the log ends at {expected_seq - 1}, before the "
                                          f"anchor's record {anchor[0]}: its tail was cut"))
    return Verdict(True, checked, expected_seq - 1, prev_hash)
