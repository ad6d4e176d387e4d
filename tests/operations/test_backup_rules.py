"""The rules of backups and restores, as tables: retention, new chains, damage, voided numbers."""

import datetime
import pytest
from ratusha.instance import backup_rules as rules
from ratusha.registry import journal


R, S = "register-a", "register-b"


@pytest.mark.parametrize(
    "chains, keep, dropped",
    [
        ([], 4, []),
        (["c1"], 1, []),
        (["c1", "c2", "c3"], 2, ["c1"]),
        (["c3", "c1", "c2"], 1, ["c1", "c2"]),  # names are times: sorted, the newest stays
        (["c1", "c2"], 0, ["c1"]),  # never the newest one
        (["c1", "c2"], 5, []),
    ],
)
def test_retention_keeps_the_newest_chains(chains, keep, dropped):
    assert rules.chains_to_drop(chains, keep) == dropped


@pytest.mark.parametrize(
    "chains, full, increments, limit, expected",
    [
        ([], False, 0, 24, True),  # nothing to add to
        (["c1"], True, 0, 24, True),  # asked for
        (["c1"], False, 23, 24, False),
        (["c1"], False, 24, 24, True),  # the chain is long enough: a new full backup
    ],
)
def test_when_a_full_backup_starts_a_new_chain(chains, full, increments, limit, expected):
    assert rules.needs_full(chains, full, increments, limit) is expected


@pytest.mark.parametrize(
    "listed, found, damaged",
    [
        ({"a": "1", "b": "2"}, {"a": "1", "b": "2"}, []),
        ({"a": "1", "b": "2"}, {"a": "1"}, ["b"]),  # missing
        ({"a": "1", "b": "2"}, {"a": "9", "b": "2"}, ["a"]),  # changed
        ({"a": "1"}, {"a": "1", "z": "0"}, []),  # an extra file is not the set's
    ],
)
def test_damage_is_a_file_missing_or_changed(listed, found, damaged):
    assert rules.damaged(listed, found) == damaged


def test_set_names_are_utc_times_that_sort():
    sofia = datetime.timezone(datetime.timedelta(hours=2))
    early = rules.set_id(datetime.datetime(2026, 12, 31, 23, 30, tzinfo=sofia))
    late = rules.set_id(datetime.datetime(2026, 12, 31, 22, 40, tzinfo=datetime.UTC))
    assert early == "20261231T213000000000Z" and early < late


def line(register, seq, period=2026):
    return {"register": register, "period": period, "seq": seq, "number": f"{register}/{seq}"}


@pytest.mark.parametrize(
    "counters, entries, ahead, voided",
    [
        # nothing issued after the backup
        ({(R, 2026): 5}, [line(R, 4), line(R, 5)], 0, []),
        # two issued after it: both voided with their numbers
        (
            {(R, 2026): 5},
            [line(R, 6), line(R, 7)],
            0,
            [(R, 2026, 6, f"{R}/6"), (R, 2026, 7, f"{R}/7")],
        ),
        # the journal lacks 6 (cut line) but shows 7: 6 was issued too (gap-free numbering)
        ({(R, 2026): 5}, [line(R, 7)], 0, [(R, 2026, 6, ""), (R, 2026, 7, f"{R}/7")]),
        # a register first used after the backup
        ({}, [line(S, 1)], 0, [(S, 2026, 1, f"{S}/1")]),
        # a new year's series after the backup
        ({(R, 2026): 9}, [line(R, 1, 2027)], 0, [(R, 2027, 1, f"{R}/1")]),
        # no journal: a margin of two for every register the ledger knows
        ({(R, 2026): 5}, [], 2, [(R, 2026, 6, ""), (R, 2026, 7, "")]),
        # both: the margin goes past what the journal shows
        ({(R, 2026): 5}, [line(R, 6)], 1, [(R, 2026, 6, f"{R}/6"), (R, 2026, 7, "")]),
        # a line written before a commit that failed: voided too (safe)
        ({(R, 2026): 5}, [line(R, 5), line(R, 6)], 0, [(R, 2026, 6, f"{R}/6")]),
    ],
)
def test_numbers_beyond_the_restored_ledger_are_voided(counters, entries, ahead, voided):
    assert journal.beyond(counters, entries, ahead) == voided


def test_the_journal_keeps_whole_lines(tmp_path):
    path = tmp_path / "journal" / journal.FILENAME
    journal.append([line(R, 1), line(R, 2)], path)
    journal.append([line(S, 1)], path)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write('{"register": "cut')  # a crash in the middle of a line
    assert [entry["seq"] for entry in journal.read(path)] == [1, 2, 1]
    assert path.stat().st_mode & 0o777 == 0o600
    assert journal.read(tmp_path / "none.jsonl") == []
