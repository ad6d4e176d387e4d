"""The urns of secret ballots in SQL: one row per (poll, option), changed in place.

RATUSHA_BALLOT_DB        SQLAlchemy URL; default `ballots.sqlite` beside the audit database
                         when that is SQLite, else the audit database (PostgreSQL in a cluster)
RATUSHA_BALLOT_KEY       the key of the masks (`council.voting.urn`), or
RATUSHA_BALLOT_KEY_FILE  a file holding it; default $RATUSHA_KEYS/ballot.key (instance/keys,
                         outside var), else $RATUSHA_VAR/ballot.key, created once

SQLite gets a file of its own because the audit database runs in WAL mode, whose log keeps a
copy of every committed page in commit order until the next checkpoint; here the rollback
journal is deleted at each commit (journal_mode=DELETE) and freed space is zeroed
(secure_delete), so the file holds the current counters and nothing of their past. The rows
of a poll are made when it opens, all of them in the options' order, and every vote rewrites
every row of its poll, so neither the rows' order nor their place in a page follows a choice.
"""

import os
import pathlib
from ratusha.core import config
from ratusha.core import migrations
from ratusha.core.secrets import load_secret
from ratusha.core.sql import engine_with
from ratusha.council.voting.urn import MODULUS
from ratusha.council.voting.urn import Urn
import sqlalchemy as sa
import threading


metadata = sa.MetaData(info={"migrations": "ratusha.council.voting.migrations"})

counters = sa.Table(
    "council_urn",
    metadata,
    sa.Column("urn", sa.String(64), primary_key=True),
    sa.Column("option", sa.String(255), primary_key=True),
    sa.Column("counter", sa.BigInteger, nullable=False),
)

_engines = {}
_lock = threading.Lock()


def database_url() -> str:
    url = os.environ.get("RATUSHA_BALLOT_DB")
    if url:
        return url
    audit = config.database_url()
    path = sa.engine.make_url(audit).database if audit.startswith("sqlite") else None
    if not path or path == ":memory:":
        return audit
    return f"sqlite:///{pathlib.Path(path).with_name('ballots.sqlite')}"


def _sqlite_engine(url):
    engine = sa.create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

    @sa.event.listens_for(engine, "connect")
    def connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # the "begin" hook below takes the write lock
        dbapi_connection.execute("PRAGMA journal_mode=DELETE")
        dbapi_connection.execute("PRAGMA secure_delete=ON")
        dbapi_connection.execute("PRAGMA synchronous=FULL")

    @sa.event.listens_for(engine, "begin")
    def begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    migrations.upgrade(engine, metadata)
    return engine


def engine():
    url = database_url()
    if not url.startswith("sqlite"):
        return engine_with(metadata, url)
    with _lock:
        if url not in _engines:
            _engines[url] = _sqlite_engine(url)
        return _engines[url]


def dispose():
    """Close the SQLite engines (tests that move the database)."""
    with _lock:
        for found in _engines.values():
            found.dispose()
        _engines.clear()


def _ensure(connection, urn_id, options):
    there = set(
        connection.execute(sa.select(counters.c.option).where(counters.c.urn == urn_id)).scalars()
    )
    missing = [option for option in options if option not in there]
    if missing:
        connection.execute(
            counters.insert(),
            [{"urn": urn_id, "option": option, "counter": 0} for option in missing],
        )


class SqlUrn(Urn):
    def _store_prepare(self, options):
        try:
            with engine().begin() as connection:
                _ensure(connection, self.urn_id, options)
        except sa.exc.IntegrityError:  # the same poll opened twice at once: one made them
            pass

    def _store_apply(self, adds, options, clear):
        where = counters.c.urn == self.urn_id
        with engine().begin() as connection:
            if clear:
                connection.execute(counters.delete().where(where))
                return
            _ensure(connection, self.urn_id, options)
            for option in options:
                connection.execute(
                    counters.update()
                    .where(where, counters.c.option == option)
                    .values(counter=(counters.c.counter + adds.get(option, 0)) % MODULUS)
                )

    def _store_read(self):
        with engine().begin() as connection:
            rows = connection.execute(
                sa.select(counters.c.option, counters.c.counter).where(
                    counters.c.urn == self.urn_id
                )
            ).all()
        return dict(rows)


def urn(poll_id) -> SqlUrn:
    """The urn of the secret poll `poll_id`."""
    return SqlUrn(poll_id, load_secret("RATUSHA_BALLOT_KEY", "ballot.key", apart=True))
