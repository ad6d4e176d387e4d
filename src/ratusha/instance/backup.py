"""ratusha-backup: online, consistent backups of an instance, and their restore (docs/operations.md).

    ratusha-backup backup  --var instance/var --to BACKUPS --keys-to KEYS [--full] [--keep 4]
    ratusha-backup restore --var instance/var --from BACKUPS --keys-from KEYS [--set ID]
    ratusha-backup list    --from BACKUPS

A backup runs while the site serves, in this order: the ZODB with repozo (full, or the
increment since the last one), the blobs (files unchanged since the last set are hard links),
then each SQL database (SQLite's online backup API, pg_dump for PostgreSQL), the audit trail
last; its head (seq, hash) is the set's anchor. SQL taken after the ZODB holds every number,
vote and audit record of what the ZODB copy holds. Secrets and keys go to a separate folder.
The restore puts a set back, checks the checksums, the audit chain and its anchor, and voids
the registration numbers the journal shows were issued after the backup (registry.journal).
"""

import argparse
import dataclasses
import datetime
import json
import os
import pathlib
from ratusha.instance import backup_rules as rules
import shutil
import socket
import sqlite3
import subprocess
import sys
import time


BIN = pathlib.Path(sys.executable).parent
MANIFEST = "manifest.json"
SECRET_SKIP = (".sqlite", ".sqlite-wal", ".sqlite-shm", ".sqlite-journal", ".pid", ".created")


class BackupError(RuntimeError):
    """Something the administrator must see and act on; the message says what."""


@dataclasses.dataclass
class Places:
    """Where an instance keeps what a backup needs (from the same environment as the site)."""

    var: pathlib.Path

    def __post_init__(self):
        self.var = pathlib.Path(self.var).resolve()
        os.environ["RATUSHA_VAR"] = str(self.var)  # the stores find their databases through it

    @property
    def datafs(self):
        return self.var / "filestorage" / "Data.fs"

    @property
    def blobs(self):
        return self.var / "blobstorage"

    def key_folders(self) -> dict:
        """name -> folder of keys kept apart (ballot key; the privacy keys of P1's encryption)."""
        found = {"ratusha_keys": os.environ.get("RATUSHA_KEYS")}
        found["privacy_keys"] = os.environ.get("RATUSHA_KEYS_DIR") or str(self.var / "keys")
        return {name: pathlib.Path(path) for name, path in found.items() if path}

    def secret_files(self) -> list[pathlib.Path]:
        """The secrets created in var (audit key, 2FA key, Jitsi secrets, admin password)."""
        return sorted(
            path
            for path in self.var.iterdir()
            if path.is_file() and not path.name.endswith(SECRET_SKIP)
        )

    def databases(self, made_only=True) -> dict:
        """name -> SQLAlchemy URL of every SQL database the capabilities use (`made_only`:
        the SQLite files that exist; a restore asks for all, into an empty var)."""
        from ratusha.core import config
        from ratusha.council.voting import urnstore
        from ratusha.registry import numbers

        urls = {config.database_url(), numbers.database_url(), urnstore.database_url()}
        urls |= {f"sqlite:///{path}" for path in self.var.glob("*.sqlite")}
        found = {}
        for url in sorted(urls):
            if url.startswith("sqlite:///"):
                path = pathlib.Path(url[len("sqlite:///") :])
                if (
                    path.exists() or not made_only
                ):  # made on first use (the ballots' at the first secret vote)
                    found[path.name] = url
            else:
                found[url.rsplit("/", 1)[-1].split("?")[0] + ".pgdump"] = url
        # the audit trail last: its head is the anchor of everything before it
        audit = config.database_url()
        return dict(sorted(found.items(), key=lambda item: (item[1] == audit, item[0])))


def load_environment(config: pathlib.Path) -> dict:
    """The <environment> of a zope.conf (with its %define names), so the tool finds what the
    site finds: RATUSHA_VAR, RATUSHA_KEYS, RATUSHA_JOURNAL. Set variables win."""
    defines, found, inside = {}, {}, False
    for line in pathlib.Path(config).read_text(encoding="utf-8").splitlines():
        words = line.split(None, 2)
        if words[:1] == ["%define"] and len(words) == 3:
            defines[words[1]] = words[2]
        elif line.strip().lower() == "<environment>":
            inside = True
        elif line.strip().lower() == "</environment>":
            inside = False
        elif inside and len(words) >= 2 and not words[0].startswith("#"):
            value = line.split(None, 1)[1].strip()
            for name, defined in defines.items():
                value = value.replace(f"${name}", defined)
            found[words[0]] = value
    for name, value in found.items():
        os.environ.setdefault(name, value)
    return found


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _write_json(path: pathlib.Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def _read_json(path: pathlib.Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _run(command, **kwargs):
    done = subprocess.run([str(part) for part in command], capture_output=True, text=True, **kwargs)
    if done.returncode:
        raise BackupError(f"{pathlib.Path(command[0]).name} failed: {done.stderr or done.stdout}")
    return done


# ZODB: repozo


def _repozo():
    found = BIN / "repozo"
    return [found] if found.exists() else [sys.executable, "-m", "ZODB.scripts.repozo"]


def _repozo_points(repository: pathlib.Path) -> list[str]:
    return sorted({path.name.split(".")[0] for path in repository.glob("*-*-*-*-*-*.*")})


def backup_zodb(places: Places, repository: pathlib.Path, full: bool) -> str:
    """repozo's backup (online: it copies the committed transactions); returns its point."""
    repository.mkdir(parents=True, exist_ok=True)
    points = _repozo_points(repository)
    if points and points[-1] == time.strftime("%Y-%m-%d-%H-%M-%S", time.gmtime()):
        time.sleep(1.05 - time.time() % 1)  # repozo names its files by the second
    _run([*_repozo(), "-B", "-z", "-r", repository, "-f", places.datafs, *(["-F"] if full else [])])
    return _repozo_points(repository)[-1]


def zodb_files(repository: pathlib.Path, point: str) -> dict:
    """The repozo files a restore to `point` reads, with their checksums."""
    return {
        path.name: rules.checksum(path)
        for path in sorted(repository.iterdir())
        if path.is_file() and path.name.split(".")[0] <= point
    }


# blobs: an incremental copy


def backup_blobs(source: pathlib.Path, target: pathlib.Path, previous: dict | None) -> dict:
    """Copy the blob tree; a file the last set has (same size and time) is hard-linked to it."""
    listed = {}
    previous_dir, previous_sums = previous or (None, {})
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source).as_posix()
        if not path.is_file() or relative.startswith("tmp/"):
            continue
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        before = previous_dir / relative if previous_dir else None
        stat = path.stat()
        if (
            before is not None
            and relative in previous_sums
            and before.exists()
            and before.stat().st_size == stat.st_size
            and before.stat().st_mtime_ns == stat.st_mtime_ns
        ):
            os.link(before, destination)
            listed[relative] = previous_sums[relative]
        else:
            shutil.copy2(path, destination)
            listed[relative] = rules.checksum(destination)
    return listed


# SQL


def _pg_tool(name: str) -> str:
    from ratusha.instance.cluster import postgres_bin

    folder = postgres_bin()
    found = (folder and folder / name) or shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} not found: install PostgreSQL's client (Debian postgresql-client)"
        )
    return str(found)


def _libpq(url: str):
    import sqlalchemy as sa

    parsed = sa.engine.make_url(url)
    env = dict(os.environ, PGPASSWORD=parsed.password or "")
    options = ["-h", parsed.host or "127.0.0.1", "-p", str(parsed.port or 5432)]
    options += ["-U", parsed.username or "postgres", "-d", parsed.database]
    return options, env


def backup_sql(url: str, target: pathlib.Path) -> None:
    """An online copy: SQLite's backup API (one consistent snapshot), else pg_dump."""
    if url.startswith("sqlite:///"):
        source = sqlite3.connect(f"file:{url[len('sqlite:///') :]}?mode=ro", uri=True, timeout=60)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return
    options, env = _libpq(url)
    _run([_pg_tool("pg_dump"), "-Fc", "-f", target, *options], env=env)


def restore_sql(url: str, source: pathlib.Path) -> None:
    if url.startswith("sqlite:///"):
        target = pathlib.Path(url[len("sqlite:///") :])
        target.parent.mkdir(parents=True, exist_ok=True)
        for stale in target.parent.glob(target.name + "-*"):  # a WAL of the lost database
            stale.unlink()
        shutil.copy2(source, target)
        return
    options, env = _libpq(url)
    _run(
        [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", *options, source], env=env
    )


def audit_head(url: str) -> dict:
    """The audit chain's head (seq, hash) in a database (a copied SQLite file, or PostgreSQL)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            seq, digest = connection.execute(
                sa.text("SELECT seq, hash FROM audit_head WHERE id = 1")
            ).one()
    finally:
        engine.dispose()
    return {"seq": seq, "hash": digest}


# secrets and keys: a separate folder


def _copy_tree(source: pathlib.Path, target: pathlib.Path) -> dict:
    listed = {}
    for path in sorted(source.rglob("*")):
        if path.is_file():
            destination = target / path.relative_to(source)
            destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.copy2(path, destination)
            listed[destination.relative_to(target).as_posix()] = rules.checksum(destination)
    return listed


def backup_keys(places: Places, target: pathlib.Path) -> dict:
    """The secrets of var and the key folders, into `target` (mode 0700): not with the data."""
    target.mkdir(mode=0o700, parents=True)
    listed = {}
    for path in places.secret_files():
        (target / "var").mkdir(mode=0o700, exist_ok=True)
        shutil.copy2(path, target / "var" / path.name)
        listed[f"var/{path.name}"] = rules.checksum(path)
    folders = {}
    for name, folder in places.key_folders().items():
        if folder.is_dir():
            folders[name] = str(folder)
            listed.update(
                {f"{name}/{key}": value for key, value in _copy_tree(folder, target / name).items()}
            )
    manifest = {"files": listed, "folders": folders}
    _write_json(target / MANIFEST, manifest)
    return manifest


def restore_keys(places: Places, source: pathlib.Path) -> list[str]:
    manifest = _read_json(source / MANIFEST)
    _check(source, manifest["files"])
    restored = []
    for name in manifest["files"]:
        part, rest = name.split("/", 1)
        if part == "var":
            target = places.var / rest
        else:
            target = places.key_folders().get(part, pathlib.Path(manifest["folders"][part])) / rest
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copy2(source / name, target)
        restored.append(name)
    return restored


def _check(folder: pathlib.Path, listed: dict) -> None:
    found = {name: rules.checksum(folder / name) for name in listed if (folder / name).is_file()}
    bad = rules.damaged(listed, found)
    if bad:
        raise BackupError(
            f"{len(bad)} file(s) missing or damaged in {folder}: {', '.join(bad[:5])}"
        )


# the backup folder: chains/<full set id>/{zodb, sets/<set id>/{manifest.json, blobs, sql}}


def chains(root: pathlib.Path) -> list[str]:
    return sorted(path.name for path in (root / "chains").glob("*") if path.is_dir())


def sets(root: pathlib.Path) -> list[tuple[str, str]]:
    """(chain, set id) of every finished set (one with a manifest), oldest first."""
    found = []
    for chain in chains(root):
        for folder in (root / "chains" / chain / "sets").glob("*"):
            if (folder / MANIFEST).exists():
                found.append((chain, folder.name))
    return sorted(found, key=lambda item: item[1])


def _size(folder: pathlib.Path) -> int:
    """Bytes a set adds: its files not shared (hard-linked) with the set before."""
    return sum(
        path.stat().st_size
        for path in folder.rglob("*")
        if path.is_file() and path.stat().st_nlink == 1
    )


def backup(places, root, keys_to=None, full=False, keep=4, increments=24) -> dict:
    """One backup set; a new chain (full) when asked or due; chains past `keep` removed."""
    started = time.monotonic()
    if not places.datafs.exists():
        raise BackupError(f"No ZODB at {places.datafs}: is --var the instance's data folder?")
    root = pathlib.Path(root).resolve()
    known = chains(root)
    newest = known[-1] if known else None
    done_in_newest = [item for item in sets(root) if item[0] == newest]
    identifier = rules.set_id(_now())
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
    _write_json(folder / MANIFEST, manifest)
    manifest["dropped"] = prune(root, keep, keys_to)
    return manifest


def _make_set(places, root, chain, folder, full, done_in_newest) -> dict:
    """The data of one set, in the order that keeps ZODB and SQL consistent (module docstring)."""
    point = backup_zodb(places, root / "chains" / chain / "zodb", full)
    previous = None
    if not full and done_in_newest:
        before = root / "chains" / chain / "sets" / done_in_newest[-1][1]
        previous = (before / "blobs", _read_json(before / MANIFEST)["blobs"])
    blobs = backup_blobs(places.blobs, folder / "blobs", previous)
    databases = {}
    anchor = None
    audit_url = _audit_url()
    for name, url in places.databases().items():
        if url == audit_url and not url.startswith("sqlite"):
            anchor = audit_head(url)  # before the dump: the dump holds at least this much
        backup_sql(url, folder / "sql" / name)
        databases[name] = {
            "url": _without_password(url),
            "sha256": rules.checksum(folder / "sql" / name),
        }
        if url == audit_url and url.startswith("sqlite"):
            anchor = audit_head(f"sqlite:///{folder / 'sql' / name}")
    manifest = {
        "id": folder.name,
        "chain": chain,
        "kind": "full" if full else "incremental",
        "made": _now().isoformat(),
        "host": socket.gethostname(),
        "var": str(places.var),
        "zodb": {"point": point, "files": zodb_files(root / "chains" / chain / "zodb", point)},
        "blobs": blobs,
        "sql": databases,
        "audit_anchor": anchor,
        "keys": None,
    }
    manifest["bytes"] = _size(folder) + sum(
        (root / "chains" / chain / "zodb" / name).stat().st_size
        for name in manifest["zodb"]["files"]
        if name.split(".")[0] == point
    )
    return manifest


def _audit_url() -> str:
    from ratusha.core import config

    return config.database_url()


def _without_password(url: str) -> str:
    import sqlalchemy as sa

    return sa.engine.make_url(url).render_as_string(hide_password=True)


def prune(root: pathlib.Path, keep: int, keys_to=None) -> list[str]:
    """Retention: the `keep` newest chains stay (a full backup with its increments)."""
    dropped = rules.chains_to_drop(chains(root), keep)
    for chain in dropped:
        shutil.rmtree(root / "chains" / chain)
    if keys_to and chains(root):
        oldest = chains(root)[0]
        for folder in pathlib.Path(keys_to).glob("*"):
            if folder.is_dir() and folder.name < oldest:
                shutil.rmtree(folder)
    return dropped


# restore


def find_set(root: pathlib.Path, identifier=None) -> tuple[str, str]:
    found = sets(root)
    if identifier:
        found = [item for item in found if item[1] == identifier]
    if not found:
        raise BackupError(f"No backup set {identifier or ''} in {root}".replace("  ", " "))
    return found[-1]


def void_numbers(entries, ahead: int, reason: str) -> list[tuple]:
    """Move the restored ledger past every number issued after the backup, voiding them."""
    from ratusha.registry import journal
    from ratusha.registry import numbers
    import sqlalchemy as sa

    engine = numbers.get_engine()
    with engine.begin() as connection:
        counters = {
            (row.register, row.period): row.last_seq
            for row in connection.execute(sa.select(numbers.counters))
        }
        voided = journal.beyond(counters, entries, ahead)
        stamp = _now().isoformat()
        for register, period, seq, number in voided:
            connection.execute(
                numbers.ledger.insert().values(
                    register=register,
                    period=period,
                    seq=seq,
                    number=number,
                    uid="void",
                    actor=reason[:255],
                    ts=stamp,
                )
            )
        highest = {}
        for register, period, seq, _number in voided:
            highest[(register, period)] = seq
        for (register, period), seq in highest.items():
            values = dict(register=register, period=period, last_seq=seq)
            if (register, period) in counters:
                connection.execute(
                    numbers.counters.update()
                    .where(numbers.counters.c.register == register)
                    .where(numbers.counters.c.period == period)
                    .values(last_seq=seq)
                )
            else:
                connection.execute(numbers.counters.insert().values(**values))
    numbers.dispose()
    return voided


def restore(
    places, root, identifier=None, keys_from=None, journal_dir=None, ahead=0, force=False
) -> dict:
    """Put a set back into an emptied var; check it; void the numbers issued after it."""
    started = time.monotonic()
    root = pathlib.Path(root).resolve()
    chain, identifier = find_set(root, identifier)
    folder = root / "chains" / chain / "sets" / identifier
    manifest = _read_json(folder / MANIFEST)
    repository = root / "chains" / chain / "zodb"
    _check(repository, manifest["zodb"]["files"])
    _check(folder / "blobs", manifest["blobs"])
    _check(folder / "sql", {name: data["sha256"] for name, data in manifest["sql"].items()})
    moved = None
    if places.datafs.exists():
        if not force:
            raise BackupError(
                f"{places.datafs} exists: stop the site and move {places.var} aside (or --force,"
                " which moves it to a folder beside it)"
            )
        moved = places.var.with_name(f"{places.var.name}.before-restore-{rules.set_id(_now())}")
        places.var.rename(moved)
    for sub in ("filestorage", "log", "cache"):  # as ratusha-instance makes them
        (places.var / sub).mkdir(parents=True, exist_ok=True)
    restored_keys = restore_keys(places, pathlib.Path(keys_from) / identifier) if keys_from else []
    _run([*_repozo(), "-R", "-r", repository, "-D", manifest["zodb"]["point"], "-o", places.datafs])
    if places.blobs.exists():
        shutil.rmtree(places.blobs)
    shutil.copytree(folder / "blobs", places.blobs, copy_function=shutil.copy2)
    os.chmod(places.blobs, 0o700)
    known = places.databases(made_only=False)
    for name, data in manifest["sql"].items():
        local = data["url"].startswith("sqlite") and f"sqlite:///{places.var / name}"
        restore_sql(known.get(name) or local or data["url"], folder / "sql" / name)
    verdict = _verify_audit(manifest["audit_anchor"])
    from ratusha.registry import journal

    journal_file = (
        pathlib.Path(journal_dir) / journal.FILENAME if journal_dir else journal.journal_path()
    )
    entries = journal.read(journal_file) if journal_file else []
    reason = f"void: issued after backup {identifier}, lost in the restore"
    voided = void_numbers(entries, ahead, reason)
    report = {
        "set": identifier,
        "chain": chain,
        "made": manifest["made"],
        "audit": str(verdict),
        "audit_anchor": manifest["audit_anchor"],
        "keys_restored": len(restored_keys),
        "journal": str(journal_file) if journal_file else None,
        "journal_entries": len(entries),
        "voided": [list(item) for item in voided],
        "moved_aside": str(moved) if moved else None,
    }
    _record_restore(report)
    report["seconds"] = round(time.monotonic() - started, 2)
    return report


def _verify_audit(anchor):
    """The restored chain verifies and reaches exactly the set's anchor."""
    from ratusha.audit.cli import open_store

    store = open_store()
    verdict = store.verify(anchor=(anchor["seq"], anchor["hash"]) if anchor else None)
    head = store.head()
    store.engine.dispose()
    if not verdict.ok:
        raise BackupError(f"The restored audit trail does not verify: {verdict}")
    if anchor and list(head) != [anchor["seq"], anchor["hash"]]:
        raise BackupError(f"The restored audit head {head} is not the set's anchor {anchor}")
    return verdict


def _record_restore(report: dict) -> None:
    """The restore is itself an act of the audit trail: the next link after the anchor."""
    from ratusha.audit.cli import open_store

    store = open_store()
    details = {key: report[key] for key in ("set", "made", "audit_anchor", "journal")}
    details["voided"] = [item[3] or f"{item[0]} {item[1]} #{item[2]}" for item in report["voided"]]
    store.append(
        [
            {
                "action": "backup.restored",
                "event_class": "audit",
                "outcome": "success",
                "actor_login": "ratusha-backup",
                "auth_method": "system",
                "instance": socket.gethostname(),
                "details": details,
            }
        ]
    )
    store.engine.dispose()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="ratusha-backup", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    made = commands.add_parser("backup", help="a backup set (full or incremental) while serving")
    made.add_argument("--to", required=True, help="the backup folder (another disk)")
    made.add_argument("--keys-to", help="where secrets and keys go (not beside the data)")
    made.add_argument("--full", action="store_true", help="start a new chain")
    made.add_argument("--keep", type=int, default=4, help="full backups kept with their increments")
    made.add_argument("--increments", type=int, default=24, help="increments before a new full")
    back = commands.add_parser("restore", help="put a set back into an emptied data folder")
    back.add_argument("--from", dest="root", required=True)
    back.add_argument("--set", help="the set's id (default: the newest)")
    back.add_argument("--keys-from", help="the folder given to backup --keys-to")
    back.add_argument("--journal", help="the numbers journal's folder (default $RATUSHA_JOURNAL)")
    back.add_argument("--void-ahead", type=int, default=0, help="void N more numbers per register")
    back.add_argument("--force", action="store_true", help="move an existing data folder aside")
    for command in (made, back):
        command.add_argument("--config", default="instance/etc/zope.conf", help="its zope.conf")
        command.add_argument("--var", help="the data folder (default: the zope.conf's RATUSHA_VAR)")
    listing = commands.add_parser("list", help="the sets in a backup folder")
    listing.add_argument("--from", dest="root", required=True)
    args = parser.parse_args(argv)
    if getattr(args, "config", None) and pathlib.Path(args.config).exists():
        load_environment(args.config)
    if getattr(args, "var", None) is None and args.command != "list":
        args.var = os.environ.get("RATUSHA_VAR", "instance/var")
    try:
        if args.command == "backup":
            result = backup(
                Places(args.var), args.to, args.keys_to, args.full, args.keep, args.increments
            )
            result = {
                key: result[key]
                for key in (
                    "id",
                    "chain",
                    "kind",
                    "audit_anchor",
                    "keys",
                    "seconds",
                    "bytes",
                    "dropped",
                )
            }
        elif args.command == "restore":
            result = restore(
                Places(args.var),
                args.root,
                args.set,
                args.keys_from,
                args.journal,
                args.void_ahead,
                args.force,
            )
        else:
            result = [
                {"chain": chain, "set": name} for chain, name in sets(pathlib.Path(args.root))
            ]
    except BackupError as exc:
        print(f"ratusha-backup: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
