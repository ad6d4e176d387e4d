"""The evidence pack of one decision (no Zope): what the district governor's review under
чл. 45 ал. 4 ЗМСМА needs, taken from the session record — who was present when the vote
opened, who was eligible, every named vote (a secret ballot: totals only), the legal basis,
the majority rule applied and the quorum checks before the vote — as a zip with
evidence.json, votes.csv (named votes), the excerpt PDF and SHA256SUMS.
"""

import dataclasses
import hashlib
import io
import json
from ratusha.council import opendata
from ratusha.council import quorum
from ratusha.council.opendata import default_translate
from ratusha.council.opendata import explanation_text
from ratusha.council.protocol.protocol_rules import deciding_poll
import zipfile


def _iso(moment):
    return moment.isoformat() if moment else None


def build(record: opendata.Session, index: int, translate=default_translate) -> dict:
    item = record.items[index]
    poll = deciding_poll(item)
    checks = [
        q
        for q in record.quorum_checks
        if poll is None or poll.opened is None or q.time <= poll.opened
    ]
    data = {
        "council": record.council,
        "term": record.term,
        "session": record.number,
        "date": record.date.isoformat(),
        "mode": record.mode,
        "remote_basis": record.remote_basis,
        "recording_url": record.recording_url,
        "decision": {"number": item.decision_number, "text": item.decision_text},
        "item": {
            "number": item.number,
            "title": item.title,
            "legal_basis": item.legal_basis,
            "rapporteur": item.rapporteur,
        },
        "conflicts": [c.to_dict() for c in item.conflicts],
        "quorum": {
            "seats": record.seats,
            "required": quorum.required(record.seats),
            "checks_before_vote": [q.to_dict() for q in checks],
        },
        "poll": None,
    }
    if poll is None:
        return data
    eligible = set(poll.eligible if poll.eligible is not None else poll.present)
    data["poll"] = {
        "id": poll.id,
        "title": poll.title,
        "mode": poll.mode,
        "opened": _iso(poll.opened),
        "closed": _iso(poll.closed),
        "present": len(poll.present),
        "eligible": len(eligible),
        "counts": poll.counts(),
        "elected": poll.elected,
        "majority": {
            key: (poll.outcome or {}).get(key)
            for key in ("adopted", "base", "required", "citation", "seats", "present")
        },
        "explanation": explanation_text(poll.outcome, translate),
    }
    data["attendance_at_vote"] = [
        {
            "councillor_id": p.id,
            "name": p.name,
            "group": p.group,
            "present": p.id in poll.present,
            "eligible": p.id in eligible,
        }
        for p in record.councillors
    ]
    if poll.named:
        data["votes"] = [
            {"councillor_id": p.id, "name": p.name, "vote": poll.vote_of(p.id)}
            for p in record.councillors
        ]
    return data


def pack(
    record: opendata.Session, index: int, excerpt: bytes | None = None, translate=default_translate
) -> bytes:
    item = record.items[index]
    data = build(record, index, translate)
    files = {"evidence.json": json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")}
    if data["poll"] and data.get("votes"):
        rows = [
            row
            for row in opendata.vote_rows(dataclasses.replace(record, items=[item]), translate)
            if row["poll"] == data["poll"]["id"]
        ]
        files["votes.csv"] = opendata.to_csv(rows, opendata.VOTE_COLUMNS)
    if excerpt:
        files[f"decision-{item.decision_number or item.number}.pdf"] = excerpt
    files["SHA256SUMS"] = "".join(
        f"{hashlib.sha256(content).hexdigest()}  {name}\n" for name, content in files.items()
    ).encode("ascii")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()
