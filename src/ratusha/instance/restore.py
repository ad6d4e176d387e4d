"""Putting a backup set back (`ratusha-backup restore`), and what a restore owes the registers.

The set's checksums are checked first; the ZODB, blobs, SQL and keys are put back into an
emptied data folder; the audit chain must verify and end exactly at the set's anchor; the
registration numbers the journal shows were issued after the backup are voided in the ledger
(registry.journal), so none is given twice; the restore is recorded as the chain's next link.
"""

import os
import pathlib
from ratusha.instance import backup_rules as rules
from ratusha.instance.backup_copies import BackupError
from ratusha.instance.backup_copies import check
from ratusha.instance.backup_copies import find_set
from ratusha.instance.backup_copies import MANIFEST
from ratusha.instance.backup_copies import now
from ratusha.instance.backup_copies import read_json
from ratusha.instance.backup_copies import repozo_command
from ratusha.instance.backup_copies import restore_keys
from ratusha.instance.backup_copies import restore_sql
from ratusha.instance.backup_copies import run
import shutil
import socket
import time


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
        stamp = now().isoformat()
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
    manifest = read_json(folder / MANIFEST)
    repository = root / "chains" / chain / "zodb"
    check(repository, manifest["zodb"]["files"])
    check(folder / "blobs", manifest["blobs"])
    check(folder / "sql", {name: data["sha256"] for name, data in manifest["sql"].items()})
    moved = _make_room(places, force)
    for sub in ("filestorage", "log", "cache"):  # as ratusha-instance makes them
        (places.var / sub).mkdir(parents=True, exist_ok=True)
    restored_keys = restore_keys(places, pathlib.Path(keys_from) / identifier) if keys_from else []
    run(
        [
            *repozo_command(),
            "-R",
            "-r",
            repository,
            "-D",
            manifest["zodb"]["point"],
            "-o",
            places.datafs,
        ]
    )
    if places.blobs.exists():
        shutil.rmtree(places.blobs)
    shutil.copytree(folder / "blobs", places.blobs, copy_function=shutil.copy2)
    os.chmod(places.blobs, 0o700)
    known = places.databases(made_only=False)
    for name, data in manifest["sql"].items():
        local = data["url"].startswith("sqlite") and f"sqlite:///{places.var / name}"
        restore_sql(known.get(name) or local or data["url"], folder / "sql" / name)
    report = settle(manifest, journal_dir, ahead)
    report.update(keys_restored=len(restored_keys), moved_aside=str(moved) if moved else None)
    report["seconds"] = round(time.monotonic() - started, 2)
    return report


def _make_room(places, force: bool):
    """Refuse while the site runs or holds data; `force` moves the data folder aside."""
    from ratusha.instance.cluster import alive

    pid_file = places.var / "ratusha.pid"
    if pid_file.exists() and pid_file.read_text().strip().isdigit():
        if alive(int(pid_file.read_text().strip())):
            raise BackupError(f"The site is running (pid in {pid_file}): stop it first (make stop)")
    if not places.datafs.exists():
        return None
    if not force:
        raise BackupError(
            f"{places.datafs} exists: stop the site and move {places.var} aside (or --force,"
            " which moves it to a folder beside it)"
        )
    moved = places.var.with_name(f"{places.var.name}.before-restore-{rules.set_id(now())}")
    places.var.rename(moved)
    return moved


def settle(manifest: dict, journal_dir=None, ahead=0) -> dict:
    """After the data is back: the audit chain to the anchor, the numbers voided, recorded."""
    from ratusha.registry import journal

    verdict = _verify_audit(manifest["audit_anchor"])
    journal_file = (
        pathlib.Path(journal_dir) / journal.FILENAME if journal_dir else journal.journal_path()
    )
    entries = journal.read(journal_file) if journal_file else []
    reason = f"void: issued after backup {manifest['id']}, lost in the restore"
    voided = void_numbers(entries, ahead, reason)
    report = {
        "set": manifest["id"],
        "made": manifest["made"],
        "audit": str(verdict),
        "audit_anchor": manifest["audit_anchor"],
        "journal": str(journal_file) if journal_file else None,
        "journal_entries": len(entries),
        "voided": [list(item) for item in voided],
    }
    _record_restore(report)
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
