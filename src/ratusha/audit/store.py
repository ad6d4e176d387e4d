"""The audit log in SQL (SQLite by default, PostgreSQL for several instances).

Appending locks the one-row head table inside the database transaction (BEGIN IMMEDIATE on
SQLite, SELECT … FOR UPDATE on PostgreSQL), so writers in any number of threads and
processes extend one chain, one after the other.
"""

import datetime
from ratusha.audit import canonical
from ratusha.audit import chain
from ratusha.audit import verification
from ratusha.core import sql
import sqlalchemy as sa


metadata = sa.MetaData(info={"migrations": "ratusha.audit.migrations"})

records = sa.Table(
    "audit_record",
    metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("ts", sa.String(32), nullable=False, index=True),
    sa.Column("instance", sa.String(128)),
    sa.Column("request_id", sa.String(64)),
    sa.Column("actor_id", sa.String(255)),
    sa.Column("actor_login", sa.String(255)),
    sa.Column("auth_method", sa.String(32)),
    sa.Column("client_ip", sa.String(64)),
    sa.Column("user_agent", sa.String(512)),
    sa.Column("action", sa.String(128), nullable=False),
    sa.Column("event_class", sa.String(32), nullable=False, index=True),
    sa.Column("object_uid", sa.String(64)),
    sa.Column("object_path", sa.String(1024)),
    sa.Column("object_type", sa.String(128)),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("details", sa.Text),
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Column("purged", sa.Boolean, nullable=False, default=False),
    # each filter an auditor uses, paired with seq so "newest first, 50 at a time" is an index walk
    sa.Index("ix_audit_record_actor_seq", "actor_id", "seq"),
    sa.Index("ix_audit_record_login_seq", "actor_login", "seq"),
    sa.Index("ix_audit_record_object_seq", "object_uid", "seq"),
    sa.Index("ix_audit_record_action_seq", "action", "seq"),
    sa.Index("ix_audit_record_outcome_seq", "outcome", "seq"),
)

head = sa.Table(
    "audit_head",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)

OUTCOMES = ("success", "denied", "error")


def utc_timestamp(moment=None) -> str:
    """Fixed-width ISO 8601 in UTC, so text order is time order."""
    moment = moment or datetime.datetime.now(datetime.UTC)
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _genesis(engine):
    with engine.begin() as connection:
        if connection.execute(sa.select(head.c.id)).first() is None:
            connection.execute(head.insert().values(id=1, seq=0, hash=chain.GENESIS))


def get_engine(url: str):
    """The shared engine of `url`, with the audit tables and the chain's first head row."""
    return sql.engine_with(metadata, url, first_use=_genesis)


TEXT_LIMITS = {
    column.name: column.type.length
    for column in records.columns
    if isinstance(column.type, sa.String) and column.type.length
}
NOT_NULL = {column.name for column in records.columns if not column.nullable}


def stored_content(entry: dict) -> dict:
    """The content fields exactly as the database will give them back, so hashing them now
    and re-hashing what is read later agree, whatever types the caller passed."""
    if not entry.get("ts"):
        entry = dict(entry, ts=utc_timestamp())
    return canonical.stored(entry, chain.CONTENT_FIELDS, TEXT_LIMITS, NOT_NULL)


class AuditStore:
    def __init__(self, url: str, key: bytes):
        self.url = url
        self.key = key
        self.engine = get_engine(url)

    def _lock_head(self, connection):
        query = sa.select(head.c.seq, head.c.hash).where(head.c.id == 1)
        if self.engine.dialect.name != "sqlite":
            query = query.with_for_update()
        return connection.execute(query).one()

    def append(self, entries) -> list[int]:
        """Write entries (dicts of content fields without seq) as the next links of the chain."""
        entries = list(entries)
        if not entries:
            return []
        written = []
        with self.engine.begin() as connection:
            seq, prev_hash = self._lock_head(connection)
            rows = []
            for entry in entries:
                seq += 1
                content = stored_content(dict(entry, seq=seq))
                content_digest = chain.digest(content)
                link = chain.link(self.key, seq, prev_hash, content_digest)
                rows.append(
                    dict(
                        content, digest=content_digest, prev_hash=prev_hash, hash=link, purged=False
                    )
                )
                prev_hash = link
                written.append(seq)
            connection.execute(records.insert(), rows)
            connection.execute(head.update().where(head.c.id == 1).values(seq=seq, hash=prev_hash))
        return written

    def head(self) -> tuple[int, str]:
        with self.engine.connect() as connection:
            return tuple(connection.execute(sa.select(head.c.seq, head.c.hash)).one())

    def iter_records(self, batch=5000):
        """All records in sequence order, in batches (verify walks a million of them)."""
        last = 0
        columns = [records.c[name] for name in chain.CONTENT_FIELDS] + [
            records.c.digest,
            records.c.prev_hash,
            records.c.hash,
            records.c.purged,
        ]
        while True:
            with self.engine.connect() as connection:
                rows = (
                    connection.execute(
                        sa.select(*columns)
                        .where(records.c.seq > last)
                        .order_by(records.c.seq)
                        .limit(batch)
                    )
                    .mappings()
                    .all()
                )
            if not rows:
                return
            yield from rows
            last = rows[-1]["seq"]

    def verify(self, anchor=None) -> verification.Verdict:
        """Every record checked, every break listed; the head is read first, so records
        appended during the walk are simply more records."""
        return verification.verify(self.iter_records(), self.key, anchor, head=self.head())

    def search(
        self,
        actor=None,
        object_uid=None,
        path=None,
        action=None,
        event_class=None,
        outcome=None,
        since=None,
        until=None,
        text=None,
        before=None,
        limit=50,
    ):
        """Newest first; `before` is the seq to continue below (keyset paging)."""
        query = sa.select(records)
        conditions = []
        if actor:
            conditions.append(sa.or_(records.c.actor_id == actor, records.c.actor_login == actor))
        if object_uid:
            conditions.append(records.c.object_uid == object_uid)
        if path:
            conditions.append(records.c.object_path.like(_like_prefix(path), escape="\\"))
        if action:
            conditions.append(
                records.c.action.like(_like_prefix(action), escape="\\")
                if action.endswith(".")
                else records.c.action == action
            )
        if event_class:
            conditions.append(records.c.event_class == event_class)
        if outcome:
            conditions.append(records.c.outcome == outcome)
        if since:
            conditions.append(records.c.ts >= since)
        if until:
            conditions.append(records.c.ts < until)
        if text:
            pattern = _like_anywhere(text)
            conditions.append(
                sa.or_(
                    records.c.details.like(pattern, escape="\\"),
                    records.c.object_path.like(pattern, escape="\\"),
                    records.c.actor_login.like(pattern, escape="\\"),
                    records.c.action.like(pattern, escape="\\"),
                )
            )
        if before:
            conditions.append(records.c.seq < before)
        if conditions:
            query = query.where(sa.and_(*conditions))
        query = query.order_by(records.c.seq.desc()).limit(limit)
        with self.engine.connect() as connection:
            return [dict(row) for row in connection.execute(query).mappings()]

    def purge(self, event_class: str, older_than: str, actor: dict | None = None) -> int:
        """Blank the content of one class's records older than a timestamp (retention).

        Seq, time, action, digest and hashes stay, so the chain still verifies; the purge
        itself becomes the next record of the chain.
        """
        blanked = {
            name: None for name in chain.CONTENT_FIELDS if name not in chain.KEPT_WHEN_PURGED
        }
        with self.engine.begin() as connection:
            selection = sa.and_(
                records.c.event_class == event_class,
                records.c.ts < older_than,
                records.c.purged.is_(False),
            )
            bounds = connection.execute(
                sa.select(
                    sa.func.count(), sa.func.min(records.c.seq), sa.func.max(records.c.seq)
                ).where(selection)
            ).one()
            connection.execute(records.update().where(selection).values(purged=True, **blanked))
        count, first, last = bounds
        self.append(
            [
                dict(
                    actor or {},
                    action="audit.purge",
                    event_class="audit",
                    outcome="success",
                    details={
                        "event_class": event_class,
                        "older_than": older_than,
                        "count": count,
                        "first_seq": first,
                        "last_seq": last,
                    },
                )
            ]
        )
        return count


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like_prefix(value: str) -> str:
    return _escape_like(value) + "%"


def _like_anywhere(value: str) -> str:
    return "%" + _escape_like(value) + "%"
