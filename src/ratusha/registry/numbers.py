"""Registration numbers reserved in SQL, inside the Zope transaction: unique and gap-free.

A reservation takes the register's counter row under a lock (`BEGIN IMMEDIATE` on SQLite,
`SELECT … FOR UPDATE` on PostgreSQL), increments it and writes the number to a ledger, all in
one SQL transaction that is joined to the Zope transaction as a data manager. The SQL
transaction commits only after the ZODB has voted (the data manager sorts last), and rolls
back when the Zope transaction aborts: a ConflictError retry gives up its number and the
retried request takes it again. So registrations are serialized per database while they
commit, numbers are never given twice, and no number is lost.

Where: `RATUSHA_REGISTRY_DB`; by default the audit trail's database (`RATUSHA_AUDIT_DB`), or,
when that is SQLite, a `registry.sqlite` beside it so the two never wait for each other's locks.
"""

import datetime
import logging
import os
import pathlib
from ratusha.core import config as core_config
from ratusha.core import migrations
from ratusha.core import sql
from ratusha.registry import journal
import sqlalchemy as sa
import threading
import transaction
from transaction.interfaces import IDataManager
from zope.interface import implementer


logger = logging.getLogger("ratusha.registry")

metadata = sa.MetaData(info={"migrations": "ratusha.registry.migrations"})

counters = sa.Table(
    "registry_counter",
    metadata,
    sa.Column("register", sa.String(64), primary_key=True),
    sa.Column("period", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("last_seq", sa.Integer, nullable=False),
)

ledger = sa.Table(
    "registry_number",
    metadata,
    sa.Column("register", sa.String(64), primary_key=True),
    sa.Column("period", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("number", sa.String(255), nullable=False),
    sa.Column("uid", sa.String(64), nullable=False, index=True),
    sa.Column("actor", sa.String(255)),
    sa.Column("ts", sa.String(32), nullable=False),
)

_engines = {}
_engines_lock = threading.Lock()
_lanes = {}
LANE_TIMEOUT = 60  # seconds, as SQLite's busy timeout in core.sql
_DATA_MANAGER = "ratusha.registry.numbers"
LANE_KEY = 0x5261747573686152  # "RatushaR": PostgreSQL advisory lock of the registration lane
LANE_PATHS = ("/@registry-register", "/@workflow/register")


class Stats:
    """Counts of reservations, for measuring how often registrations are retried."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.reserved = 0
            self.committed = 0
            self.rolled_back = 0

    def add(self, **counts):
        with self.lock:
            for name, value in counts.items():
                setattr(self, name, getattr(self, name) + value)


stats = Stats()


def database_url() -> str:
    url = os.environ.get("RATUSHA_REGISTRY_DB")
    if url:
        return url
    url = core_config.database_url()
    if url.startswith("sqlite:///"):
        audit_file = pathlib.Path(url[len("sqlite:///") :])
        return f"sqlite:///{audit_file.with_name('registry.sqlite')}"
    return url


def get_engine(url=None):
    url = url or database_url()
    with _engines_lock:
        if url not in _engines:
            engine = sql.create_engine(url, max_overflow=8)
            migrations.upgrade(engine, metadata)
            _engines[url] = engine
        return _engines[url]


def dispose(url=None) -> None:
    url = url or database_url()
    with _engines_lock:
        engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()


def _sqlite_lane(engine):
    """The threads of one process queue for SQLite's write lock on a Python lock.

    SQLite's busy handler retries after sleeps of up to 100 ms, so with several waiting
    registrations the write lock can sit free while every waiter sleeps; a Python lock hands
    over at once. Like the PostgreSQL lane it is held until the Zope transaction has finished,
    so the next registration reads what this one committed. SQLite's own lock still orders
    the processes.
    """
    if engine.dialect.name != "sqlite":
        return None
    with _engines_lock:
        return _lanes.setdefault(str(engine.url), threading.Lock())


@implementer(IDataManager)
class NumberDataManager:
    """One SQL transaction riding on one Zope transaction."""

    def __init__(self, engine, txn=None):
        self.engine = engine
        self.transaction_manager = transaction.manager
        self.lane = _sqlite_lane(engine)
        if self.lane is not None and not self.lane.acquire(timeout=LANE_TIMEOUT):
            raise TimeoutError("The registration lane stayed busy; try again.")
        try:
            self.connection = engine.connect()
            self.sql = self.connection.begin()  # SQLite: BEGIN IMMEDIATE, the write lock
        except BaseException:
            self._release()
            raise
        self.count = 0
        self.issued = []  # for the journal outside the databases (registry.journal)
        self.done = False
        self.committed = False
        self.pg_lane = False
        if txn is not None:
            self.join(txn)

    def join(self, txn):
        txn.join(self)
        txn.set_data(_DATA_MANAGER, self)

    def lock_lane(self):
        """Wait until no other registration is running (across instances).

        A session lock, given back in _close: after the whole Zope transaction has finished
        (tpc_finish), not when our SQL commits in tpc_vote. Released at the SQL commit, the
        next registration began before this one's ZODB commit was visible (RelStorage commits
        in tpc_finish), read the catalog as it was and failed with a ConflictError.
        """
        if self.engine.dialect.name == "postgresql":
            self.connection.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": LANE_KEY})
            self.pg_lane = True
        # SQLite: BEGIN IMMEDIATE has taken the database's write lock, and the process's lane
        # lock (_sqlite_lane) is held until _close as well

    def sortKey(self):
        # after the ZODB connections: our commit is the last thing that can still fail
        return "~ratusha.registry.numbers"

    def reserve(self, register, period, uid, actor, make_number):
        query = sa.select(counters.c.last_seq).where(
            counters.c.register == register, counters.c.period == period
        )
        if self.engine.dialect.name != "sqlite":
            query = query.with_for_update()
        last = self.connection.execute(query).scalar()
        if last is None:
            if self.engine.dialect.name == "postgresql":
                # two first registrations of a year: one inserts, the other waits, then reads
                from sqlalchemy.dialects.postgresql import insert

                self.connection.execute(
                    insert(counters)
                    .values(register=register, period=period, last_seq=0)
                    .on_conflict_do_nothing()
                )
                last = self.connection.execute(query).scalar()
            else:
                self.connection.execute(
                    counters.insert().values(register=register, period=period, last_seq=0)
                )
                last = 0
        seq = last + 1
        number = make_number(seq)
        self.connection.execute(
            counters.update()
            .where(counters.c.register == register, counters.c.period == period)
            .values(last_seq=seq)
        )
        self.connection.execute(
            ledger.insert().values(
                register=register,
                period=period,
                seq=seq,
                number=number,
                uid=uid,
                actor=actor,
                ts=datetime.datetime.now(datetime.UTC).isoformat(),
            )
        )
        self.count += 1
        self.issued.append(dict(register=register, period=period, seq=seq, number=number))
        stats.add(reserved=1)
        return seq, number

    def savepoint(self):
        """CMFEditions and others take savepoints; an SQL SAVEPOINT follows them."""
        return NumberSavepoint(self, self.connection.begin_nested(), self.count)

    # IDataManager

    def abort(self, txn):
        self._rollback()

    def tpc_begin(self, txn):
        pass

    def commit(self, txn):
        pass

    def tpc_vote(self, txn):
        journal.append(self.issued)  # before the commit: the journal knows at least the ledger
        self.sql.commit()
        self.done = self.committed = True
        stats.add(committed=self.count)

    def tpc_finish(self, txn):
        self._close()

    def tpc_abort(self, txn):
        if self.committed:
            # The ZODB failed after we committed: the numbers stay in the ledger, unused.
            logger.critical(
                "Registration numbers committed in SQL but not in the ZODB "
                "(transaction %r); the ledger shows them.",
                txn,
            )
        self._rollback()

    def _rollback(self):
        if not self.done:
            try:
                self.sql.rollback()
            finally:
                stats.add(rolled_back=self.count)
                self.done = True
        self._close()

    def _close(self):
        try:
            if self.connection is not None:
                self._unlock_pg_lane()
                self.connection.close()
                self.connection = None
        finally:
            self._release()

    def _unlock_pg_lane(self):
        if not self.pg_lane:
            return
        self.pg_lane = False
        try:
            self.connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": LANE_KEY})
            self.connection.commit()
        except Exception:
            logger.exception("Could not give the registration lane back; dropping the session")
            self.connection.invalidate()  # the session ends, and its locks with it

    def _release(self):
        lane, self.lane = self.lane, None
        if lane is not None:
            lane.release()


class NumberSavepoint:
    def __init__(self, manager, nested, count):
        self.manager = manager
        self.nested = nested
        self.count = count

    def rollback(self):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", sa.exc.SAWarning)
            if self.nested.is_active:
                self.nested.rollback()
        stats.add(rolled_back=self.manager.count - self.count)
        self.manager.count = self.count


def reserve(register, period, uid, actor, make_number):
    """The next sequence number of `register` in `period`, and its formatted number.

    Holds the counter's lock until the current Zope transaction commits or aborts.
    """
    txn = transaction.get()
    try:
        manager = txn.data(_DATA_MANAGER)
    except KeyError:
        manager = None
    if manager is None or manager.connection is None:
        manager = NumberDataManager(get_engine(), txn)
    return manager.reserve(register, period, uid, actor, make_number)


def enter_lane(event):
    """IPubStart: a registration request waits for the registration lane *before* it reads.

    Reserving mid-request is correct but the request then works on a snapshot of the ZODB
    taken before it waited, and conflicts with the registration that held the lock. Taking the
    lock first and then starting the transaction afresh gives each registration the state its
    predecessor committed, so registrations follow one another without conflicts.
    """
    request = event.request
    if request.method != "POST":
        return
    path = (request.get("PATH_INFO") or "").rstrip("/")
    if not path.endswith(LANE_PATHS):
        return
    manager = NumberDataManager(get_engine())
    try:
        manager.lock_lane()
    except Exception:
        manager._rollback()
        raise
    txn = transaction.get()
    if not getattr(txn, "_resources", None):
        txn = transaction.begin()  # nothing happened yet: read from the newest state
    manager.join(txn)


def ledger_rows(register, period):
    """What the ledger holds for a register and period, in order (for checks and exports)."""
    with get_engine().connect() as connection:
        return (
            connection.execute(
                sa.select(ledger)
                .where(ledger.c.register == register, ledger.c.period == period)
                .order_by(ledger.c.seq)
            )
            .mappings()
            .all()
        )
