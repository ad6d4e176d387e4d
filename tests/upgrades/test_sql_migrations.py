"""The SQL tables of every capability are made and upgraded by their Alembic migrations.

On SQLite and on the suite's PostgreSQL: a new database is made at the newest revision and
matches the tables the code declares (a change to a table without its migration fails here);
a database made by release 1.0.0 is stamped at the baseline and upgraded with its rows kept;
two processes that open the same new database at once do not trip over each other.
"""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
import importlib
import pathlib
from postgres import new_database
import pytest
from ratusha.core import migrations
from ratusha.core import sql
import sqlalchemy as sa
import tarfile
import threading


SRC = pathlib.Path(migrations.__file__).resolve().parents[1]
PACKAGES = sorted(
    ".".join(("ratusha", *path.parent.relative_to(SRC).parts))
    for path in SRC.glob("**/migrations/__init__.py")
)
FIXTURE = pathlib.Path(__file__).parent / "fixtures" / "site-1.0.0.tar.xz"
# the 1.0.0 database of each store (on SQLite the stores share the audit database unless
# they have a file of their own)
RELEASE_FILES = {
    "ratusha.registry.migrations": "registry.sqlite",
    "ratusha.council.voting.migrations": "ballots.sqlite",
}


def metadata(package):
    return migrations.metadata_of(package)


def differences(engine, tables):
    """How the store's tables in the database differ from the declared `tables` (Alembic's
    autogenerate; the tables of other stores in the same database are left out)."""

    def ours(name, kind, _parent):
        return kind != "table" or name in tables.tables

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": ours})
        return compare_metadata(context, tables)


def sqlite(path):
    return sql.create_engine(f"sqlite:///{path}")


def test_every_store_declares_its_migrations():
    assert PACKAGES == sorted(
        f"ratusha.{name}.migrations"
        for name in (
            "access",
            "audit",
            "council",
            "council.voting",
            "meetings",
            "privacy.subjects",
            "registry",
        )
    )
    for path in SRC.glob("**/*.py"):
        text = path.read_text(encoding="utf-8")
        assert "sa.MetaData()" not in text, f"{path}: tables without migrations"
        assert "create_all(" not in text or "/migrations/" in str(path), path
    for package in PACKAGES:
        module = importlib.import_module(importlib.import_module(package).STORE)
        assert module.metadata.info["migrations"] == package


@pytest.mark.parametrize("package", PACKAGES)
def test_a_new_sqlite_database_is_made_at_the_newest_revision(tmp_path, package):
    tables = metadata(package)
    engine = sqlite(tmp_path / "new.sqlite")
    migrations.upgrade(engine, tables)
    migrations.upgrade(engine, tables)  # the next start finds it done
    assert migrations.current(engine, tables) == migrations.head(tables)
    assert differences(engine, tables) == []
    engine.dispose()


@pytest.mark.parametrize("package", PACKAGES)
def test_a_database_of_release_1_0_0_is_stamped_and_upgraded(tmp_path, package):
    name = RELEASE_FILES.get(package, "audit.sqlite")
    with tarfile.open(FIXTURE) as tar:
        tar.extract(f"var/{name}", tmp_path, filter="data")
    tables = metadata(package)
    engine = sqlite(tmp_path / "var" / name)
    before = {table: rows for table, rows in counts(engine, tables).items() if rows is not None}
    assert migrations.current(engine, tables) is None
    migrations.upgrade(engine, tables)
    assert migrations.current(engine, tables) == migrations.head(tables)
    assert differences(engine, tables) == []
    after = counts(engine, tables)
    assert {table: after[table] for table in before} == before
    engine.dispose()


def counts(engine, tables):
    with engine.connect() as connection:
        inspector = sa.inspect(connection)
        return {
            table.name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar()
            if inspector.has_table(table.name)
            else None
            for table in tables.sorted_tables
        }


def test_the_1_0_0_fixture_has_rows_to_keep(tmp_path):
    with tarfile.open(FIXTURE) as tar:
        tar.extract("var/audit.sqlite", tmp_path, filter="data")
    engine = sqlite(tmp_path / "var" / "audit.sqlite")
    assert counts(engine, metadata("ratusha.audit.migrations"))["audit_record"] == 1035
    engine.dispose()


def start_together(engines, tables):
    """Each engine (a process's own) migrates the same database at the same moment."""
    barrier, failures = threading.Barrier(len(engines)), []

    def start(engine):
        barrier.wait()
        try:
            migrations.upgrade(engine, tables)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=start, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def test_instances_that_start_together_on_sqlite(tmp_path):
    tables = metadata("ratusha.audit.migrations")
    engines = [sqlite(tmp_path / "shared.sqlite") for _ in range(3)]
    assert start_together(engines, tables) == []
    assert migrations.current(engines[0], tables) == migrations.head(tables)
    assert differences(engines[0], tables) == []
    for engine in engines:
        engine.dispose()


@pytest.mark.parametrize("package", PACKAGES)
def test_postgresql_new_and_release_1_0_0(postgres_url, package):
    tables = metadata(package)
    label = migrations.version_table(package)
    new = sql.create_engine(new_database(postgres_url, f"new_{label}"))
    migrations.upgrade(new, tables)
    assert migrations.current(new, tables) == migrations.head(tables)
    assert differences(new, tables) == []
    old = sql.create_engine(new_database(postgres_url, f"old_{label}"))
    tables.create_all(old)  # what release 1.0.0 did
    migrations.upgrade(old, tables)
    assert migrations.current(old, tables) == migrations.head(tables)
    assert differences(old, tables) == []
    for engine in (new, old):
        engine.dispose()


def test_instances_that_start_together_on_postgresql(postgres_url):
    tables = metadata("ratusha.audit.migrations")
    url = new_database(postgres_url, "together")
    engines = [sql.create_engine(url) for _ in range(3)]
    assert start_together(engines, tables) == []
    assert migrations.current(engines[0], tables) == migrations.head(tables)
    for engine in engines:
        engine.dispose()
