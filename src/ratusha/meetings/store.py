"""Attendance in SQL, next to the audit log: room names, received events, calendar feed nonces.

Tables live in the audit database (RATUSHA_AUDIT_DB) with their own MetaData. Events are kept
as received (deduplicated by their idempotency key); attendance is reduced from them on read.
"""

from ratusha.core import config
from ratusha.core.sql import engine_with
from ratusha.meetings import attendance
import secrets
import sqlalchemy as sa
import time


metadata = sa.MetaData(info={"migrations": "ratusha.meetings.migrations"})

rooms = sa.Table(
    "meeting_jitsi_room",
    metadata,
    sa.Column("room_name", sa.String(64), primary_key=True),
    sa.Column("content_uid", sa.String(64), nullable=False, index=True),
    sa.Column("room_uid", sa.String(64), nullable=False, index=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("created", sa.Float, nullable=False),
)

events = sa.Table(
    "meeting_attendance_event",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("received", sa.Float, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("room_name", sa.String(64), nullable=False, index=True),
    sa.Column("content_uid", sa.String(64), nullable=False, index=True),
    sa.Column("room_uid", sa.String(64), nullable=False, index=True),
    sa.Column("at", sa.Float, nullable=False, index=True),
    sa.Column("data", sa.Text, nullable=False),
)

feeds = sa.Table(
    "meeting_feed_nonce",
    metadata,
    sa.Column("user_id", sa.String(255), primary_key=True),
    sa.Column("nonce", sa.String(64), nullable=False),
    sa.Column("created", sa.Float, nullable=False),
)


def engine():
    return engine_with(metadata, config.database_url())


# room name -> content


def remember_room(room_name: str, content_uid: str, room_uid: str, kind: str) -> None:
    with engine().begin() as connection:
        found = connection.execute(
            sa.select(rooms.c.room_name).where(rooms.c.room_name == room_name)
        ).first()
        if found is None:
            try:
                connection.execute(
                    rooms.insert().values(
                        room_name=room_name,
                        content_uid=content_uid,
                        room_uid=room_uid,
                        kind=kind,
                        created=time.time(),
                    )
                )
            except sa.exc.IntegrityError:  # another instance just did
                pass


def lookup_room(room_name: str):
    with engine().connect() as connection:
        return (
            connection.execute(sa.select(rooms).where(rooms.c.room_name == room_name))
            .mappings()
            .first()
        )


# events


def add_event(event: attendance.Event, content_uid: str, room_uid: str) -> bool:
    """Store an event once; False when this very event was stored before (a replay)."""
    key = event.key()
    with engine().begin() as connection:
        if connection.execute(sa.select(events.c.key).where(events.c.key == key)).first():
            return False
        try:
            connection.execute(
                events.insert().values(
                    key=key,
                    received=time.time(),
                    kind=event.kind,
                    room_name=event.room_name,
                    content_uid=content_uid,
                    room_uid=room_uid,
                    at=event.at,
                    data=attendance.to_json(event),
                )
            )
        except sa.exc.IntegrityError:
            return False
    return True


def events_for(content_uid: str) -> list[attendance.Event]:
    with engine().connect() as connection:
        rows = (
            connection.execute(
                sa.select(events.c.data)
                .where(events.c.content_uid == content_uid)
                .order_by(events.c.at)
            )
            .scalars()
            .all()
        )
    return [attendance.from_json(row) for row in rows]


def attendance_of(content_uid: str, now: float | None = None) -> list[attendance.Attendee]:
    return attendance.reduce(events_for(content_uid), now=now or time.time())


def present_in(room_uids, since_hours=24, now: float | None = None) -> dict:
    """{room uid: [Attendee present now]} from the recent events of the rooms' calls."""
    room_uids = [uid for uid in room_uids if uid]
    if not room_uids:
        return {}
    now = now or time.time()
    with engine().connect() as connection:
        rows = connection.execute(
            sa.select(events.c.room_uid, events.c.content_uid, events.c.data).where(
                events.c.room_uid.in_(room_uids), events.c.at >= now - since_hours * 3600
            )
        ).all()
    by_call = {}
    for room_uid, content_uid, data in rows:
        by_call.setdefault((room_uid, content_uid), []).append(attendance.from_json(data))
    result = {}
    for (room_uid, _content_uid), call in by_call.items():
        present = [a for a in attendance.reduce(call, now=now) if a.present]
        result.setdefault(room_uid, []).extend(present)
    return result


# calendar feed nonces


def feed_nonce(user_id: str) -> str | None:
    with engine().connect() as connection:
        return connection.execute(
            sa.select(feeds.c.nonce).where(feeds.c.user_id == user_id)
        ).scalar()


def renew_feed(user_id: str) -> str:
    nonce = secrets.token_urlsafe(24)
    with engine().begin() as connection:
        connection.execute(feeds.delete().where(feeds.c.user_id == user_id))
        connection.execute(feeds.insert().values(user_id=user_id, nonce=nonce, created=time.time()))
    return nonce


def revoke_feed(user_id: str) -> bool:
    with engine().begin() as connection:
        return connection.execute(feeds.delete().where(feeds.c.user_id == user_id)).rowcount > 0
