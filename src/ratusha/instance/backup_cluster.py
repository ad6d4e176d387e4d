"""`make backup-cluster` / `make restore-cluster`: backups of the cluster (ratusha.instance.cluster).

The cluster keeps the ZODB (RelStorage, history-free, blobs in the database) and every SQL
table (audit trail, numbers, attendance, lockouts, ballots) in one PostgreSQL database, so one
pg_dump is one consistent snapshot of all of it, taken in a single transaction while the site
serves: no ordering between ZODB and SQL is needed. Each set is a full dump (its own chain,
kept by the same retention); the secrets of the cluster's var and its keys go apart as for one
instance. The restore wants the Zope instances stopped (PostgreSQL running), restores the dump
over the database, empties the instances' blob caches and settles like a single restore.
"""

import os
import pathlib
from ratusha.instance import backup_rules as rules
from ratusha.instance.backup_copies import audit_head
from ratusha.instance.backup_copies import backup_keys
from ratusha.instance.backup_copies import backup_sql
from ratusha.instance.backup_copies import BackupError
from ratusha.instance.backup_copies import check
from ratusha.instance.backup_copies import find_set
from ratusha.instance.backup_copies import MANIFEST
from ratusha.instance.backup_copies import now
from ratusha.instance.backup_copies import Places
from ratusha.instance.backup_copies import prune
from ratusha.instance.backup_copies import read_json
from ratusha.instance.backup_copies import restore_keys
from ratusha.instance.backup_copies import restore_sql
from ratusha.instance.backup_copies import without_password
from ratusha.instance.backup_copies import write_json
from ratusha.instance.restore import settle
import shutil
import socket
import time


DUMP = "ratusha.pgdump"


def _enter(cluster) -> Places:
    """This process sees what the cluster's instances see (database URL, var, keys, journal)."""
    os.environ.update(cluster.env())
    return Places(cluster.var)


def backup_cluster(cluster, root, keys_to=None, keep=4) -> dict:
    started = time.monotonic()
    places = _enter(cluster)
    url = cluster.postgres.url
    identifier = rules.set_id(now())
    root = pathlib.Path(root).resolve()
    folder = root / "chains" / identifier / "sets" / identifier
    (folder / "sql").mkdir(parents=True)
    try:
        anchor = audit_head(url)  # before the dump: the dump holds at least this much
        backup_sql(url, folder / "sql" / DUMP)
    except BaseException:
        shutil.rmtree(root / "chains" / identifier, ignore_errors=True)
        raise
    manifest = {
        "id": identifier,
        "chain": identifier,
        "kind": "full",
        "made": now().isoformat(),
        "host": socket.gethostname(),
        "cluster": str(cluster.folder),
        "sql": {
            DUMP: {"url": without_password(url), "sha256": rules.checksum(folder / "sql" / DUMP)}
        },
        "audit_anchor": anchor,
        "keys": None,
        "bytes": (folder / "sql" / DUMP).stat().st_size,
    }
    if keys_to:
        manifest["keys"] = str(pathlib.Path(keys_to).resolve() / identifier)
        backup_keys(places, pathlib.Path(manifest["keys"]))
    manifest["seconds"] = round(time.monotonic() - started, 2)
    write_json(folder / MANIFEST, manifest)
    manifest["dropped"] = prune(root, keep, keys_to)
    return manifest


def restore_cluster(cluster, root, identifier=None, keys_from=None, journal_dir=None, ahead=0):
    started = time.monotonic()
    running = [name for name, pid in cluster.status().items() if pid and name.startswith("z")]
    if running:
        raise BackupError(f"Zope instances {', '.join(running)} are running: stop them first")
    places = _enter(cluster)
    root = pathlib.Path(root).resolve()
    chain, identifier = find_set(root, identifier)
    folder = root / "chains" / chain / "sets" / identifier
    manifest = read_json(folder / MANIFEST)
    check(folder / "sql", {name: data["sha256"] for name, data in manifest["sql"].items()})
    (places.var / "cache").mkdir(parents=True, exist_ok=True)  # as the cluster's start makes it
    restored_keys = restore_keys(places, pathlib.Path(keys_from) / identifier) if keys_from else []
    cluster.postgres.start()
    restore_sql(cluster.postgres.url, folder / "sql" / DUMP)
    for cache in cluster.folder.glob("z*/blobcache"):  # blobs of states that are gone
        shutil.rmtree(cache)
    report = settle(manifest, journal_dir, ahead)
    report.update(keys_restored=len(restored_keys), seconds=round(time.monotonic() - started, 2))
    return report
