"""Data-subject requests in SQL (the audit database), read and written only by the DPO's services.

Kept out of the ZODB and the catalog: a request names the person and what they asked, so it
reaches no search, no listing and no undo history; it is backed up with the audit trail, which
records every act on it by the request's number.
"""

import datetime
from ratusha.core import config
from ratusha.core.sql import engine_with
from ratusha.core.sql import read_only
from ratusha.privacy.subjects import rules
import sqlalchemy as sa


metadata = sa.MetaData(info={"migrations": "ratusha.privacy.subjects.migrations"})
requests = sa.Table(
    "subject_requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("requester", sa.String(200), nullable=False),
    sa.Column("email", sa.String(320), nullable=False, default=""),
    sa.Column("received", sa.Date, nullable=False),
    sa.Column("due", sa.Date, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)


def engine():
    return engine_with(metadata, config.database_url())


def _now():
    return datetime.datetime.now(datetime.UTC)


def add(kind, requester, email, received, note, created_by) -> dict:
    now = _now()
    values = {
        "kind": kind,
        "requester": requester,
        "email": email,
        "received": received,
        "due": rules.deadline(received),
        "status": "open",
        "note": note,
        "created_by": created_by,
        "created_at": now,
        "updated_at": now,
    }
    with engine().begin() as connection:
        values["id"] = connection.execute(requests.insert().values(**values)).inserted_primary_key[
            0
        ]
    return values


def get(request_id: int) -> dict | None:
    with read_only(engine()) as connection:
        row = connection.execute(sa.select(requests).where(requests.c.id == request_id))
        found = row.mappings().first()
    return dict(found) if found else None


def listing(limit=200) -> list[dict]:
    """Newest first."""
    with read_only(engine()) as connection:
        rows = connection.execute(sa.select(requests).order_by(requests.c.id.desc()).limit(limit))
        return [dict(row) for row in rows.mappings()]


def set_status(request_id: int, status: str) -> dict:
    """A new status; `extended` moves the deadline to three months from receipt (Art. 12(3))."""
    found = get(request_id)
    values = {"status": status, "updated_at": _now()}
    if status == "extended":
        values["due"] = rules.deadline(found["received"], extended=True)
    with engine().begin() as connection:
        connection.execute(requests.update().where(requests.c.id == request_id).values(**values))
    return found | values


def add_note(request_id: int, line: str) -> None:
    """A line in the request's own note (a rectification's reason: the DPO's, not the audit's)."""
    found = get(request_id)
    note = "\n".join(part for part in (found["note"], line) if part)
    with engine().begin() as connection:
        connection.execute(
            requests.update()
            .where(requests.c.id == request_id)
            .values(note=note, updated_at=_now())
        )
