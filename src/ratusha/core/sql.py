"""The SQL engines every capability shares: one per database URL, its tables migrated on first use.

Capabilities keep their SQL beside the audit trail (one database, one backup). On SQLite a
writing transaction takes the write lock at BEGIN, so appends in any number of threads and
processes queue instead of failing halfway.
"""

from ratusha.core import migrations
import sqlalchemy as sa
import threading


READ_ONLY = "ratusha_read_only"
_engines = {}
_engines_lock = threading.Lock()
_tables_ready = set()


def _sqlite_engine(url):
    engine = sa.create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

    @sa.event.listens_for(engine, "connect")
    def connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # let the "begin" hook decide
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")

    @sa.event.listens_for(engine, "begin")
    def begin(connection):
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")  # deferred: WAL readers never wait for writers
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def read_only(engine):
    """A connection for reads that happen on every request (e.g. the login lockout check).

    On SQLite its transaction does not take the write lock: with BEGIN IMMEDIATE every such
    read queued behind the appends of all other threads, and SQLite's busy handler polls with
    sleeps of up to 100 ms, so concurrent authenticated requests waited on one another.
    """
    return engine.connect().execution_options(**{READ_ONLY: True})


def create_engine(url: str, max_overflow: int = 4):
    """An engine whose transactions take the write lock at BEGIN on SQLite (serialised appends)."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return sa.create_engine(url, pool_pre_ping=True, pool_size=4, max_overflow=max_overflow)


def engine_with(tables: sa.MetaData, url: str, first_use=None):
    """The shared engine of `url` with the capability's own `tables` at their newest revision
    (core.migrations: made, or migrated from an earlier release; once per URL and process).

    Each capability asks for the engine through this so its tables are ready before its first
    query; `first_use(engine)`, if given, runs once after they are (e.g. seed rows).
    """
    key = (id(tables), url)
    with _engines_lock:  # one thread makes the tables and seeds them; the others wait
        if url not in _engines:
            _engines[url] = create_engine(url)
        bound = _engines[url]
        if key not in _tables_ready:
            migrations.upgrade(bound, tables)
            if first_use is not None:
                first_use(bound)
            _tables_ready.add(key)
    return bound


def dispose(url: str) -> None:
    """Close the engine of `url`; the next use makes a new one and migrates its tables again."""
    with _engines_lock:
        engine = _engines.pop(url, None)
        _tables_ready.difference_update({key for key in _tables_ready if key[1] == url})
    if engine is not None:
        engine.dispose()
