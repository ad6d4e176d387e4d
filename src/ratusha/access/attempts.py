"""Failed-login counters in SQL (the audit database), shared by every instance.

Kept out of the ZODB so that a password-guessing storm does not write a ZODB transaction per
guess; updated under the same row lock discipline as the audit log.
"""

from ratusha.access.throttle import after_failure
from ratusha.access.throttle import Counter
from ratusha.access.throttle import is_locked
from ratusha.access.throttle import Policy
from ratusha.core import config
from ratusha.core.sql import engine_with
from ratusha.core.sql import read_only
import sqlalchemy as sa
import time


metadata = sa.MetaData(info={"migrations": "ratusha.access.migrations"})
counters = sa.Table(
    "login_throttle",
    metadata,
    sa.Column("key", sa.String(320), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("first_failure", sa.Float, nullable=False),
    sa.Column("locked_until", sa.Float, nullable=False),
)


def account_key(login: str) -> str:
    return "account:" + (login or "").strip().lower()


def address_key(address: str) -> str:
    return "address:" + (address or "")


def engine():
    return engine_with(metadata, config.database_url())


def _row(connection, key, lock=False):
    query = sa.select(counters).where(counters.c.key == key)
    if lock and connection.dialect.name != "sqlite":
        query = query.with_for_update()
    row = connection.execute(query).mappings().first()
    if row is None:
        return None
    return Counter(row["failures"], row["first_failure"], row["locked_until"])


def get(key: str) -> Counter | None:
    with read_only(engine()) as connection:
        return _row(connection, key)


def locked(key: str, now: float | None = None) -> bool:
    return is_locked(get(key), now or time.time())


def any_locked(keys, now: float | None = None) -> bool:
    """Whether any of the keys is locked: one read, for the check on every signed-in request."""
    now = now or time.time()
    with read_only(engine()) as connection:
        rows = (
            connection.execute(sa.select(counters).where(counters.c.key.in_(list(keys))))
            .mappings()
            .all()
        )
    return any(
        is_locked(Counter(row["failures"], row["first_failure"], row["locked_until"]), now)
        for row in rows
    )


def fail(key: str, limit: int, policy: Policy, now: float | None = None) -> tuple[Counter, bool]:
    """Count a failure; return the counter and whether this failure set the lock."""
    now = now or time.time()
    with engine().begin() as connection:
        before = _row(connection, key, lock=True)
        after = after_failure(before, now, limit, policy)
        values = dict(
            failures=after.failures,
            first_failure=after.first_failure,
            locked_until=after.locked_until,
        )
        if before is None:
            connection.execute(counters.insert().values(key=key, **values))
        else:
            connection.execute(counters.update().where(counters.c.key == key).values(**values))
    return after, is_locked(after, now) and not is_locked(before, now)


def clear(key: str) -> bool:
    """Forget a key's failures (successful login, or an administrator's unlock)."""
    with engine().begin() as connection:
        return connection.execute(counters.delete().where(counters.c.key == key)).rowcount > 0


def locks(now: float | None = None) -> list[tuple[str, Counter]]:
    now = now or time.time()
    with engine().connect() as connection:
        rows = (
            connection.execute(
                sa.select(counters).where(counters.c.locked_until > now).order_by(counters.c.key)
            )
            .mappings()
            .all()
        )
    return [(r["key"], Counter(r["failures"], r["first_failure"], r["locked_until"])) for r in rows]
