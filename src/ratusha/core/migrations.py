"""SQL migrations of the capabilities' tables, with Alembic.

A capability declares where its migrations live on the MetaData of its tables:

    metadata = sa.MetaData(info={"migrations": "ratusha.audit.migrations"})

and that package's `STORE` names the module back (for writing a new revision). It holds the capability's revisions (the first one is the baseline: the tables as
release 1.0.0 made them), and the capability keeps its own version table
(`alembic_version_audit`), so capabilities that share a database migrate independently.

`upgrade(engine, metadata)` runs when a process first opens the engine (core.sql): a new
database is made by running every revision; one made by 1.0.0 (its tables, no version table)
is stamped at the baseline first. All of it happens in one transaction that holds the
database's write lock (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL), so when
several Zope instances start at once one migrates and the others find it done.

Adding a migration (docs/architecture.md, "Upgrading"):

    .venv/bin/python -m ratusha.core.migrations revision ratusha.audit.migrations -m "why"
"""

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
import argparse
import hashlib
import importlib.util
import pathlib
import sqlalchemy as sa
import tempfile


ENVIRONMENT = pathlib.Path(__file__).with_name("migration_env")
VERSION_TABLE = "alembic_version_{}"


def _package(metadata: sa.MetaData) -> str:
    try:
        return metadata.info["migrations"]
    except KeyError:
        raise ValueError("The MetaData names no migrations package (info['migrations'])") from None


def version_table(package: str) -> str:
    """`ratusha.audit.migrations` -> `alembic_version_audit` (the capability's own)."""
    return VERSION_TABLE.format(package.split(".")[-2])


def config(package: str, connection=None, metadata=None) -> Config:
    folder = pathlib.Path(importlib.util.find_spec(package).submodule_search_locations[0])
    found = Config()
    found.set_main_option("script_location", str(ENVIRONMENT))
    found.set_main_option("version_locations", str(folder))
    found.set_main_option("path_separator", "os")
    found.attributes.update(
        connection=connection, metadata=metadata, version_table=version_table(package)
    )
    return found


def baseline(package: str) -> str:
    """The first revision: the tables as release 1.0.0 made them."""
    return ScriptDirectory.from_config(config(package)).get_base()


def _lock(connection, table: str) -> None:
    """Serialise migrations of one capability across processes (SQLite: the BEGIN IMMEDIATE of
    core.sql's engines already holds the write lock)."""
    if connection.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(table.encode()).digest()[:8], "big", signed=True)
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def _made_before_migrations(connection, metadata, table) -> bool:
    """Tables of the capability but no version table: a database made by release 1.0.0."""
    inspector = sa.inspect(connection)
    return not inspector.has_table(table) and any(
        inspector.has_table(found.name) for found in metadata.sorted_tables
    )


def upgrade(engine, metadata: sa.MetaData) -> None:
    """Bring the capability's tables in `engine`'s database to the newest revision."""
    package = _package(metadata)
    with engine.begin() as connection:
        table = version_table(package)
        _lock(connection, table)
        settings = config(package, connection, metadata)
        if _made_before_migrations(connection, metadata, table):
            command.stamp(settings, baseline(package))
        command.upgrade(settings, "head")


def current(engine, metadata: sa.MetaData):
    """The revision the database is at (None before any migration)."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": version_table(_package(metadata))}
        )
        return context.get_current_revision()


def head(metadata: sa.MetaData) -> str:
    return ScriptDirectory.from_config(config(_package(metadata))).get_current_head()


def metadata_of(package: str) -> sa.MetaData:
    """The MetaData of a migrations package: its `STORE` names the module that holds it."""
    return importlib.import_module(importlib.import_module(package).STORE).metadata


def revision(package: str, message: str, metadata: sa.MetaData, rev_id=None) -> None:
    """Write a new revision of `package`: what `metadata` has and its newest revision lacks,
    found by Alembic's autogenerate against a scratch SQLite database at that revision.
    Read and edit it before committing (renames, data moves and server defaults need a hand)."""
    with tempfile.TemporaryDirectory() as folder:
        engine = sa.create_engine(f"sqlite:///{folder}/scratch.sqlite")
        with engine.begin() as connection:
            settings = config(package, connection, metadata)
            command.upgrade(settings, "head")
            command.revision(settings, message=message, autogenerate=True, rev_id=rev_id)
        engine.dispose()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Write a new SQL migration of a capability.")
    parser.add_argument("verb", choices=["revision"])
    parser.add_argument("package", help="e.g. ratusha.audit.migrations")
    parser.add_argument("-m", "--message", required=True)
    parser.add_argument("--rev-id", help="the revision's id (default: a random one)")
    args = parser.parse_args(argv)
    revision(args.package, args.message, metadata_of(args.package), args.rev_id)


if __name__ == "__main__":
    main()
