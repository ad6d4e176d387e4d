"""ratusha-backup on a small instance without Plone: what goes where, what a restore refuses,
how increments share blobs and how retention drops whole chains."""

import json
import pytest
from ratusha.audit.store import AuditStore
from ratusha.instance import backup
from ratusha.registry import journal
import sqlite3
import transaction
import ZODB
from ZODB.blob import Blob
from ZODB.FileStorage import FileStorage


KEY = b"test-audit-key"


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A data folder as an instance has it: Data.fs with blobs, the audit trail, secrets."""
    var, keys = tmp_path / "var", tmp_path / "keys"
    (var / "filestorage").mkdir(parents=True)
    keys.mkdir()
    (keys / "ballot.key").write_text("ballot\n")
    (var / "2fa.key").write_text("second factor\n")
    for name, value in [
        ("RATUSHA_VAR", var),
        ("RATUSHA_KEYS", keys),
        ("RATUSHA_JOURNAL", tmp_path / "journal"),
    ]:
        monkeypatch.setenv(name, str(value))
    monkeypatch.setenv("RATUSHA_AUDIT_KEY", KEY.decode())
    monkeypatch.delenv("RATUSHA_KEYS_DIR", raising=False)
    monkeypatch.delenv("RATUSHA_AUDIT_DB", raising=False)
    database = ZODB.DB(
        FileStorage(str(var / "filestorage" / "Data.fs"), blob_dir=str(var / "blobstorage"))
    )
    yield {"var": var, "keys": keys, "db": database, "root": tmp_path}
    database.close()


def commit(site, name, text):
    """One transaction: an object with a blob, and its audit record."""
    connection = site["db"].open()
    blob = Blob()
    with blob.open("w") as handle:
        handle.write(text.encode())
    connection.root()[name] = blob
    transaction.commit()
    connection.close()
    store = AuditStore(f"sqlite:///{site['var'] / 'audit.sqlite'}", KEY)
    store.append([{"action": name, "event_class": "content", "outcome": "success"}])
    store.engine.dispose()


def make(site, **options):
    return backup.backup(
        backup.Places(site["var"]),
        site["root"] / "backups",
        site["root"] / "backup-keys",
        **options,
    )


def test_data_and_keys_go_to_separate_folders_with_checksums(site):
    commit(site, "first", "one")
    made = make(site)
    folder = site["root"] / "backups" / "chains" / made["chain"] / "sets" / made["id"]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["kind"] == "full" and manifest["audit_anchor"]["seq"] == 1
    assert sorted(manifest["sql"]) == ["audit.sqlite"]
    assert len(manifest["blobs"]) == 2 and all(
        len(value) == 64 for value in manifest["blobs"].values()
    )
    everything = [path.name for path in (site["root"] / "backups").rglob("*")]
    assert "2fa.key" not in everything and "ballot.key" not in everything
    keys = json.loads((site["root"] / "backup-keys" / made["id"] / "manifest.json").read_text())
    assert sorted(keys["files"]) == ["ratusha_keys/ballot.key", "var/2fa.key"]


def test_an_increment_shares_the_blobs_it_did_not_change(site):
    commit(site, "first", "one")
    full = make(site)
    commit(site, "second", "two")
    increment = make(site)
    assert increment["kind"] == "incremental" and increment["chain"] == full["chain"]
    sets = site["root"] / "backups" / "chains" / full["chain"] / "sets"
    shared = [
        path
        for path in (sets / increment["id"] / "blobs").rglob("*.blob")
        if path.stat().st_nlink == 2
    ]
    assert len(shared) == 1 and increment["bytes"] < full["bytes"] + 1024 * 1024


def test_retention_keeps_the_newest_full_backups_with_their_increments(site):
    made = []
    for number in range(3):
        commit(site, f"object{number}", str(number))
        made.append(make(site, full=True, keep=2))
        make(site, keep=2)
    assert made[-1]["dropped"] == [made[0]["chain"]]
    assert backup.chains(site["root"] / "backups") == [made[1]["chain"], made[2]["chain"]]
    assert len(backup.sets(site["root"] / "backups")) == 4
    kept_keys = sorted(path.name for path in (site["root"] / "backup-keys").iterdir())
    assert kept_keys[0] >= made[1]["chain"]


def test_a_restore_brings_back_the_backup_point_and_voids_later_numbers(site):
    commit(site, "first", "one")
    made = make(site)
    commit(site, "lost", "after the backup")
    make(site)  # an increment after the point the restore goes back to
    journal.append([{"register": "r", "period": 2026, "seq": 1, "number": "94-00-00001"}])
    site["db"].close()
    lost = site["var"]
    for path in sorted(lost.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    report = backup.restore(
        backup.Places(lost), site["root"] / "backups", made["id"], site["root"] / "backup-keys"
    )
    assert report["set"] == made["id"] and report["audit"].startswith("OK: 1 records")
    assert report["voided"] == [["r", 2026, 1, "94-00-00001"]]
    assert (lost / "2fa.key").read_text() == "second factor\n"
    database = ZODB.DB(
        FileStorage(str(lost / "filestorage" / "Data.fs"), blob_dir=str(lost / "blobstorage"))
    )
    root = database.open().root()
    assert sorted(root) == ["first"] and root["first"].open().read() == b"one"
    database.close()
    site["db"] = database
    with sqlite3.connect(lost / "audit.sqlite") as connection:
        actions = [
            row[0] for row in connection.execute("SELECT action FROM audit_record ORDER BY seq")
        ]
    assert actions == ["first", "backup.restored"]


def test_a_restore_refuses_a_damaged_set_or_a_live_data_folder(site):
    commit(site, "first", "one")
    made = make(site)
    with pytest.raises(backup.BackupError, match="exists: stop the site"):
        backup.restore(backup.Places(site["var"]), site["root"] / "backups")
    sql = site["root"] / "backups" / "chains" / made["chain"] / "sets" / made["id"] / "sql"
    (sql / "audit.sqlite").write_bytes(b"bit rot")
    with pytest.raises(backup.BackupError, match="damaged.*audit.sqlite"):
        backup.restore(backup.Places(site["root"] / "elsewhere"), site["root"] / "backups")
    assert (
        backup.main(
            ["restore", "--var", str(site["root"] / "x"), "--from", str(site["root"] / "none")]
        )
        == 2
    )


def test_settle_voids_the_journal_after_a_restore_by_other_means(site, capsys):
    commit(site, "first", "one")
    journal.append([{"register": "r", "period": 2026, "seq": 3, "number": "94-00-00003"}])
    assert (
        backup.main(["settle", "--config", str(site["root"] / "none.conf"), "--void-ahead", "1"])
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["audit"].startswith("OK: 1 records")
    assert [item[2:] for item in report["voided"]] == [
        [1, ""],
        [2, ""],
        [3, "94-00-00003"],
        [4, ""],
    ]


def test_postgresql_is_dumped_and_restored(site, postgres_url, monkeypatch):
    from postgres import new_database

    url = new_database(postgres_url, "backup_drill")
    monkeypatch.setenv("RATUSHA_AUDIT_DB", url)  # the audit trail, numbers and urns there
    store = AuditStore(url, KEY)
    store.append([{"action": "kept", "event_class": "content", "outcome": "success"}])
    store.engine.dispose()
    made = make(site)
    assert list(made["sql"]) == ["backup_drill.pgdump"] and made["audit_anchor"]["seq"] == 1
    site["db"].close()
    new_database(postgres_url, "backup_drill")  # the database server is lost too
    for path in sorted(site["var"].rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    report = backup.restore(backup.Places(site["var"]), site["root"] / "backups")
    assert report["audit"].startswith("OK: 1 records")
    store = AuditStore(url, KEY)
    assert store.head()[0] == 2 and store.verify().ok
    store.engine.dispose()
