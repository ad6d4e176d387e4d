"""ratusha-backup: online, consistent backups of an instance, and their restore (docs/operations.md).

    ratusha-backup backup  --config instance/etc/zope.conf --to BACKUPS --keys-to KEYS [--full]
    ratusha-backup restore --config instance/etc/zope.conf --from BACKUPS --keys-from KEYS [--set ID]
    ratusha-backup backup-cluster / restore-cluster --dir instance/var/cluster ...  (backup_cluster)
    ratusha-backup list    --from BACKUPS

A backup runs while the site serves, in this order: the ZODB with repozo (full, or the
increment since the last one), the blobs (files unchanged since the last set are hard links),
then each SQL database (SQLite's online backup API, pg_dump for PostgreSQL), the audit trail
last; its head (seq, hash) is the set's anchor. SQL taken after the ZODB holds every number,
vote and audit record of what the ZODB copy holds. Secrets and keys go to a separate folder.
The pieces are copied by backup_copies; a restore is ratusha.instance.restore.
"""

import argparse
import json
import os
import pathlib
from ratusha.instance import backup_rules as rules
from ratusha.instance.backup_copies import added_bytes
from ratusha.instance.backup_copies import audit_head
from ratusha.instance.backup_copies import audit_url
from ratusha.instance.backup_copies import backup_blobs
from ratusha.instance.backup_copies import backup_keys
from ratusha.instance.backup_copies import backup_sql
from ratusha.instance.backup_copies import backup_zodb
from ratusha.instance.backup_copies import BackupError
from ratusha.instance.backup_copies import chains
from ratusha.instance.backup_copies import load_environment
from ratusha.instance.backup_copies import MANIFEST
from ratusha.instance.backup_copies import now
from ratusha.instance.backup_copies import Places
from ratusha.instance.backup_copies import prune
from ratusha.instance.backup_copies import read_json
from ratusha.instance.backup_copies import sets
from ratusha.instance.backup_copies import without_password
from ratusha.instance.backup_copies import write_json
from ratusha.instance.backup_copies import zodb_files
from ratusha.instance.restore import restore
import shutil
import socket
import sys
import time


def backup(places, root, keys_to=None, full=False, keep=4, increments=24) -> dict:
    """One backup set; a new chain (full) when asked or due; chains past `keep` removed."""
    started = time.monotonic()
    if not places.datafs.exists():
        raise BackupError(f"No ZODB at {places.datafs}: is --var the instance's data folder?")
    root = pathlib.Path(root).resolve()
    known = chains(root)
    newest = known[-1] if known else None
    done_in_newest = [item for item in sets(root) if item[0] == newest]
    identifier = rules.set_id(now())
    full = rules.needs_full(known, full, len(done_in_newest) - 1, increments)
    chain = identifier if full else newest
    folder = root / "chains" / chain / "sets" / identifier
    (folder / "sql").mkdir(parents=True)
    try:
        manifest = _make_set(places, root, chain, folder, full, done_in_newest)
    except BaseException:  # no half set: a restore must never find one
        shutil.rmtree(root / "chains" / chain if full else folder, ignore_errors=True)
        raise
    if keys_to:
        keys_folder = pathlib.Path(keys_to).resolve() / identifier
        backup_keys(places, keys_folder)
        manifest["keys"] = str(keys_folder)
    manifest["seconds"] = round(time.monotonic() - started, 2)
    write_json(folder / MANIFEST, manifest)
    manifest["dropped"] = prune(root, keep, keys_to)
    return manifest


def _make_set(places, root, chain, folder, full, done_in_newest) -> dict:
    """The data of one set, in the order that keeps ZODB and SQL consistent (module docstring)."""
    repository = root / "chains" / chain / "zodb"
    had = set(os.listdir(repository)) if repository.exists() else set()
    point = backup_zodb(places, repository, full)
    previous, known = None, {}
    if not full and done_in_newest:
        before = root / "chains" / chain / "sets" / done_in_newest[-1][1]
        last = read_json(before / MANIFEST)
        previous, known = (before / "blobs", last["blobs"]), last["zodb"]["files"]
    blobs = backup_blobs(places.blobs, folder / "blobs", previous)
    databases = {}
    anchor = None
    audit = audit_url()
    for name, url in places.databases().items():
        if url == audit and not url.startswith("sqlite"):
            anchor = audit_head(url)  # before the dump: the dump holds at least this much
        backup_sql(url, folder / "sql" / name)
        databases[name] = {
            "url": without_password(url),
            "sha256": rules.checksum(folder / "sql" / name),
        }
        if url == audit and url.startswith("sqlite"):
            anchor = audit_head(f"sqlite:///{folder / 'sql' / name}")
    manifest = {
        "id": folder.name,
        "chain": chain,
        "kind": "full" if full else "incremental",
        "made": now().isoformat(),
        "host": socket.gethostname(),
        "var": str(places.var),
        "zodb": {"point": point, "files": zodb_files(repository, point, known)},
        "blobs": blobs,
        "sql": databases,
        "audit_anchor": anchor,
        "keys": None,
    }
    manifest["bytes"] = added_bytes(folder) + sum(
        (repository / name).stat().st_size for name in set(os.listdir(repository)) - had
    )
    return manifest


SUMMARY = ("id", "chain", "kind", "audit_anchor", "keys", "seconds", "bytes", "dropped")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ratusha-backup", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    made = commands.add_parser("backup", help="a backup set (full or incremental) while serving")
    made.add_argument("--full", action="store_true", help="start a new chain")
    made.add_argument("--increments", type=int, default=24, help="increments before a new full")
    back = commands.add_parser("restore", help="put a set back into an emptied data folder")
    back.add_argument("--force", action="store_true", help="move an existing data folder aside")
    made_cluster = commands.add_parser("backup-cluster", help="a pg_dump of the cluster")
    back_cluster = commands.add_parser("restore-cluster", help="the dump back (Zope stopped)")
    for command in (made, made_cluster):
        command.add_argument("--to", required=True, help="the backup folder (another disk)")
        command.add_argument("--keys-to", help="where secrets and keys go (not with the data)")
        command.add_argument("--keep", type=int, default=4, help="full backups kept (chains)")
    for command in (back, back_cluster):
        command.add_argument("--from", dest="root", required=True)
        command.add_argument("--set", help="the set's id (default: the newest)")
        command.add_argument("--keys-from", help="the folder given to --keys-to")
        command.add_argument("--journal", help="the numbers journal (default $RATUSHA_JOURNAL)")
        command.add_argument("--void-ahead", type=int, default=0, help="void N more per register")
    for command in (made, back):
        command.add_argument("--config", default="instance/etc/zope.conf", help="its zope.conf")
        command.add_argument("--var", help="the data folder (default: the zope.conf's RATUSHA_VAR)")
    for command in (made_cluster, back_cluster):
        command.add_argument("--dir", default="instance/var/cluster", help="the cluster's folder")
        command.add_argument("--pg-port", type=int, default=54330)
    settle = commands.add_parser("settle", help="after a restore by other means (a PITR)")
    settle.add_argument("--journal", help="the numbers journal (default $RATUSHA_JOURNAL)")
    settle.add_argument("--void-ahead", type=int, default=0, help="void N more per register")
    settle.add_argument("--config", default="instance/etc/zope.conf", help="its zope.conf")
    settle.add_argument("--dir", help="the cluster's folder, for a cluster")
    settle.add_argument("--pg-port", type=int, default=54330)
    listing = commands.add_parser("list", help="the sets in a backup folder")
    listing.add_argument("--from", dest="root", required=True)
    return parser


def _run(args):
    from ratusha.instance import backup_cluster
    from ratusha.instance.cluster import Cluster

    if args.command == "list":
        return [{"chain": chain, "set": name} for chain, name in sets(pathlib.Path(args.root))]
    if args.command == "settle":
        return _settle(args)
    if args.command.endswith("-cluster"):
        cluster = Cluster(pathlib.Path(args.dir), pg_port=args.pg_port)
        if args.command == "backup-cluster":
            made = backup_cluster.backup_cluster(cluster, args.to, args.keys_to, args.keep)
            return {key: made.get(key) for key in SUMMARY}
        return backup_cluster.restore_cluster(
            cluster, args.root, args.set, args.keys_from, args.journal, args.void_ahead
        )
    if pathlib.Path(args.config).exists():
        load_environment(args.config)
    places = Places(args.var or os.environ.get("RATUSHA_VAR", "instance/var"))
    if args.command == "backup":
        made = backup(places, args.to, args.keys_to, args.full, args.keep, args.increments)
        return {key: made[key] for key in SUMMARY}
    return restore(
        places, args.root, args.set, args.keys_from, args.journal, args.void_ahead, args.force
    )


def _settle(args) -> dict:
    """The audit chain checked, the numbers voided and the act recorded, for data put back by
    other means (PostgreSQL's point-in-time recovery, a Data.fs copied back by hand)."""
    from ratusha.instance.cluster import Cluster
    from ratusha.instance.restore import settle

    if args.dir:
        os.environ.update(Cluster(pathlib.Path(args.dir), pg_port=args.pg_port).env())
    elif pathlib.Path(args.config).exists():
        load_environment(args.config)
    moment = now().isoformat()
    manifest = {"id": f"restored by hand, settled {moment}", "made": moment, "audit_anchor": None}
    return settle(manifest, args.journal, args.void_ahead)


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    try:
        result = _run(args)
    except BackupError as exc:
        print(f"ratusha-backup: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
