"""Presence events and quorum checks of council sessions in SQL, beside the audit log.

Tables live in the audit database (RATUSHA_AUDIT_DB) with their own MetaData, like the
meetings' attendance. Rows are only added: a change of presence is a new event, a new check
is a new row, so the history of a session stays readable for its protocol.
"""

import hashlib
import json
from ratusha.core import config
from ratusha.core.sql import engine_with
from ratusha.council.quorum import Check
from ratusha.council.quorum import PresenceEvent
import sqlalchemy as sa
import time


metadata = sa.MetaData(info={"migrations": "ratusha.council.migrations"})

presence = sa.Table(
    "council_presence",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(64), nullable=False, unique=True),
    sa.Column("session_uid", sa.String(64), nullable=False, index=True),
    sa.Column("user_id", sa.String(255), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("recorded", sa.Float, nullable=False),
    sa.Column("actor", sa.String(255), nullable=True),
)

checks = sa.Table(
    "council_quorum_check",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session_uid", sa.String(64), nullable=False, index=True),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("actor", sa.String(255), nullable=True),
    sa.Column("seats", sa.Integer, nullable=False),
    sa.Column("required", sa.Integer, nullable=False),
    sa.Column("present", sa.Integer, nullable=False),
    sa.Column("quorate", sa.Boolean, nullable=False),
    sa.Column("present_ids", sa.Text, nullable=False),
)


def engine():
    return engine_with(metadata, config.database_url())


def event_key(*parts) -> str:
    """Idempotency key: a video event derived again, or an act retried after a conflict,
    has the same parts and so the same key."""
    return hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).hexdigest()


def add_presence(session_uid, user_id, kind, source, at, actor=None, key=None) -> bool:
    """Store one event; False when an event with the same key is already there."""
    key = key or event_key(session_uid, user_id, kind, source, repr(float(at)), time.time_ns())
    with engine().begin() as connection:
        if connection.execute(sa.select(presence.c.id).where(presence.c.key == key)).first():
            return False
        try:
            connection.execute(
                presence.insert().values(
                    key=key,
                    session_uid=session_uid,
                    user_id=user_id,
                    kind=kind,
                    source=source,
                    at=float(at),
                    recorded=time.time(),
                    actor=actor,
                )
            )
        except sa.exc.IntegrityError:
            return False
    return True


def presence_rows(session_uid) -> list[dict]:
    with engine().connect() as connection:
        rows = (
            connection.execute(
                sa.select(presence)
                .where(presence.c.session_uid == session_uid)
                .order_by(presence.c.at, presence.c.id)
            )
            .mappings()
            .all()
        )
    return [dict(row) for row in rows]


def presence_events(session_uid) -> list[PresenceEvent]:
    return [
        PresenceEvent(r["user_id"], r["kind"], r["source"], r["at"], r["id"])
        for r in presence_rows(session_uid)
    ]


def add_check(session_uid, at, actor, seats, required, present_ids, quorate) -> dict:
    values = dict(
        session_uid=session_uid,
        at=float(at),
        actor=actor,
        seats=seats,
        required=required,
        present=len(present_ids),
        quorate=bool(quorate),
        present_ids=json.dumps(sorted(present_ids)),
    )
    with engine().begin() as connection:
        result = connection.execute(checks.insert().values(**values))
        values["id"] = result.inserted_primary_key[0]
    return _check_dict(values)


def _check_dict(row) -> dict:
    data = dict(row)
    data["present_ids"] = json.loads(data["present_ids"] or "[]")
    return data


def check_rows(session_uid, limit=50) -> list[dict]:
    with engine().connect() as connection:
        rows = (
            connection.execute(
                sa.select(checks)
                .where(checks.c.session_uid == session_uid)
                .order_by(checks.c.at.desc(), checks.c.id.desc())
                .limit(limit)
            )
            .mappings()
            .all()
        )
    return [_check_dict(row) for row in rows]


def last_check(session_uid) -> Check | None:
    rows = check_rows(session_uid, limit=1)
    if not rows:
        return None
    row = rows[0]
    return Check(row["at"], row["actor"] or "", row["seats"], row["present"], row["quorate"])
