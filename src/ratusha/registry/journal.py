"""Registration numbers issued, also written outside the databases (plain Python, no Zope).

A restore brings the ledger back to the backup point; the numbers issued after it were
handed out on paper and in e-mails and must never be given again. Each number is appended
to a journal file, with fsync, before its SQL commit (numbers.NumberDataManager.tpc_vote),
so the journal knows every number the ledger may know, and sometimes one more (a transaction
that failed after the line was written): the restore voids those too, which is safe.

RATUSHA_JOURNAL  a folder for `numbers.jsonl`, on another disk or a network share than
                 RATUSHA_VAR (instance/journal in the embedded default); unset: no journal
"""

import json
import os
import pathlib


FILENAME = "numbers.jsonl"


def journal_path() -> pathlib.Path | None:
    folder = os.environ.get("RATUSHA_JOURNAL")
    return pathlib.Path(folder) / FILENAME if folder else None


def append(entries, path=None) -> None:
    """Write `entries` (dicts: register, period, seq, number) as lines, durably."""
    path = path or journal_path()
    if path is None or not entries:
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    text = "".join(
        json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n" for entry in entries
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, text.encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def read(path) -> list[dict]:
    """Every whole line of the journal (a line cut by a crash is skipped)."""
    path = pathlib.Path(path)
    if not path.exists():
        return []
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            found.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return found


def beyond(counters: dict, entries, ahead: int = 0) -> list[tuple]:
    """The numbers a restored ledger must void: (register, period, seq, number), in order.

    `counters` maps (register, period) to the restored last sequence number; `entries` are
    journal lines. Every sequence number after a counter up to the highest one the journal
    shows is voided (a gap the journal lacks was issued too: numbers are gap-free), then
    `ahead` more for every register (a margin when the journal was lost as well).
    """
    highest = dict(counters)
    named = {}
    for entry in entries:
        key = (entry["register"], int(entry["period"]))
        seq = int(entry["seq"])
        highest[key] = max(highest.get(key, 0), seq)
        named[key + (seq,)] = entry.get("number", "")
    voided = []
    for key in sorted(highest):
        start = counters.get(key, 0)
        for seq in range(start + 1, highest[key] + ahead + 1):
            voided.append(key + (seq, named.get(key + (seq,), "")))
    return voided
