"""A forensic reader attacks the secret ballot from the raw files of instance/var.

The site runs on a real FileStorage (Data.fs, never packed), the audit trail and the ballot
urn in SQLite files, and every logger writes to var/log/event.log. 51 councillors vote at
once; then the attacker copies every byte under var and tries to link voters to choices:

- Data.fs: walks every transaction (ZODB.FileStorage iterator) and diffs each object with its
  previous revision: which voters and which choices each transaction added;
- SQLite: every table's rows, the state after every commit still in a write-ahead log and
  before any rollback journal left behind, diffed the same way (a counter that grew by one,
  or, with the ballot key found on the disk, by one plus a voter's mask);
- logs and any other file: lines that name a voter and a choice;
- copies of var taken between votes while the poll is open (the key kept outside var, as
  docs/council.md asks).

Each way of guessing is scored against the true choices; none may do better than chance.
"""

import collections
from council_helpers import CHAIR
from council_helpers import STAFF
from council_voting_helpers import client
from council_voting_helpers import post
import hashlib
import hmac
import logging
import math
import pathlib
import pytest
import random
import re
import shutil
import sqlite3
import struct
import tempfile
from test_council_voting_concurrency import burst
from test_council_voting_concurrency import secret_item
from test_council_voting_concurrency import VOTERS
from ZODB.DB import DB
from ZODB.DemoStorage import DemoStorage
from ZODB.FileStorage import FileStorage


OPTIONS = ("yes", "no", "abstain")
VOTER_RE = re.compile(rb"vote\d\d")
MODULUS = 2**60


def truth(voters, seed):
    """Every option chosen by a third of the voters, in a shuffled order."""
    choices = [OPTIONS[i % 3] for i in range(len(voters))]
    random.Random(seed).shuffle(choices)
    return dict(zip(voters, choices))


# -- the site on a FileStorage, with its var -------------------------------------------------


class Var:
    def __init__(self, path, functional):
        self.path, self.functional, self.dbs = path, functional, []
        self.original = functional["zodbDB"]

    def swap(self):
        """From now on the site's transactions go to var/Data.fs."""
        storage = DemoStorage(
            base=self.original.storage,
            close_base_on_close=False,
            changes=FileStorage(str(self.path / "Data.fs")),
        )
        self.functional["zodbDB"] = db = DB(storage)
        self.dbs.append(db)

    def restore(self):
        self.functional["zodbDB"] = self.original
        for db in self.dbs:
            db.close()


@pytest.fixture
def var(tmp_path, monkeypatch, http_council, functional):
    """instance/var of `make run`: audit and urn in SQLite files, the ballot key created in
    var (the worst case: RATUSHA_KEYS unset; `make run` keeps it in instance/keys), every log record in var/log/event.log; `var.swap()` then puts the
    database's further transactions into var/Data.fs."""
    folder = tmp_path / "var"
    (folder / "log").mkdir(parents=True)
    monkeypatch.setenv("RATUSHA_VAR", str(folder))
    monkeypatch.setenv("RATUSHA_AUDIT_DB", f"sqlite:///{folder / 'audit.sqlite'}")
    for name in (
        "RATUSHA_BALLOT_DB",
        "RATUSHA_BALLOT_KEY",
        "RATUSHA_BALLOT_KEY_FILE",
        "RATUSHA_KEYS",
    ):
        monkeypatch.delenv(name, raising=False)
    handler = logging.FileHandler(folder / "log" / "event.log")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    found = Var(folder, functional)
    yield found
    found.restore()
    root.removeHandler(handler)
    root.setLevel(level)
    handler.close()


# -- the attacker ----------------------------------------------------------------------------


def pickled(option):
    raw = option.encode()
    return (b"X" + struct.pack("<I", len(raw)) + raw, b"\x8c" + bytes([len(raw)]) + raw)


def choices_in(data):
    return collections.Counter(
        {option: sum(data.count(form) for form in pickled(option)) for option in OPTIONS}
    )


def voters_in(data):
    return collections.Counter(match.decode() for match in VOTER_RE.findall(data or b""))


def datafs_evidence(path):
    """(guesses, voter order, choice order) from the transactions of a Data.fs: what each
    transaction added to the whole database (so a bucket split or a conflict resolved into
    another bucket moves items without adding any)."""
    guesses, voter_order, choice_order, last = {}, [], [], {}
    voters, choices = collections.Counter(), collections.Counter()
    storage = FileStorage(str(path), read_only=True)
    try:
        for txn in storage.iterator():
            before_voters, before_choices = voters.copy(), choices.copy()
            for record in txn:
                old, new = last.get(record.oid, b""), record.data or b""
                last[record.oid] = new
                voters.update(voters_in(new))
                voters.subtract(voters_in(old))
                choices.update(choices_in(new))
                choices.subtract(choices_in(old))
            new_voters = sorted((voters - before_voters).elements())
            new_choices = choices - before_choices
            voter_order += new_voters
            choice_order += sorted(new_choices.elements())
            if new_voters and new_choices:
                for voter in new_voters:
                    guesses[voter] = new_choices.most_common(1)[0][0]
    finally:
        storage.close()
    return guesses, voter_order, choice_order


def sqlite_state(path):
    """{table: sorted rows} of a SQLite file (a copy: opening may replay its logs)."""
    connection = sqlite3.connect(str(path))
    try:
        tables = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return {
            table: sorted(map(tuple, connection.execute(f'SELECT * FROM "{table}"')), key=repr)
            for table in tables
        }
    finally:
        connection.close()


def wal_commits(wal):
    """Byte lengths of the WAL at each of its commit frames."""
    data = wal.read_bytes()
    if len(data) < 32:
        return []
    page_size = struct.unpack(">I", data[8:12])[0]
    salts = data[16:24]
    ends, offset = [], 32
    while offset + 24 + page_size <= len(data):
        header = data[offset : offset + 24]
        if header[8:16] != salts:
            break
        offset += 24 + page_size
        if struct.unpack(">I", header[4:8])[0]:  # size of the database after a commit
            ends.append(offset)
    return ends


def sqlite_history(path, scratch, latest=False):
    """Every state of a SQLite file that its files still hold, oldest first (or the latest)."""
    wal = path.with_name(path.name + "-wal")
    journal = path.with_name(path.name + "-journal")
    work = pathlib.Path(tempfile.mkdtemp(dir=scratch))
    states = []
    if journal.exists():  # a hot journal: the state before the transaction it belongs to
        copy = work / "rollback.sqlite"
        shutil.copy(path, copy)
        shutil.copy(journal, work / "rollback.sqlite-journal")
        states.append(sqlite_state(copy))
    ends = wal_commits(wal) if wal.exists() else []
    for index, end in enumerate((ends[-1:] if latest else ends) or [0]):
        copy = work / f"{index}.sqlite"
        shutil.copy(path, copy)
        if end:
            (work / f"{index}.sqlite-wal").write_bytes(wal.read_bytes()[:end])
        states.append(sqlite_state(copy))
    shutil.rmtree(work)
    return states


def counters(state):
    """(table, row without its number, option) → number, for rows that hold one option."""
    found = {}
    for table, rows in state.items():
        for row in rows:
            options = [value for value in row if value in OPTIONS]
            numbers = [i for i, value in enumerate(row) if isinstance(value, int)]
            if len(options) == 1 and numbers:
                rest = tuple(v for i, v in enumerate(row) if i != numbers[-1])
                found[(table, rest, options[0])] = row[numbers[-1]]
    return found


def ballot_key(folder):
    path = folder / "ballot.key"
    return path.read_text().strip().encode() if path.exists() else None


def mask(key, urn, voter, option):
    message = "\x1f".join((urn, voter, option)).encode("utf-8")
    return int.from_bytes(hmac.new(key, message, hashlib.sha256).digest()[:8], "big") % MODULUS


def state_diff(before, after, voters, key):
    """Choices that one change of the state shows: a row naming an option that appeared, a
    counter that grew by one, or, with the key, by one plus a voter's mask."""
    added = collections.Counter()
    for table, rows in after.items():
        for row in set(rows) - set(before.get(table, ())):
            added.update(value for value in row if value in OPTIONS)
    old, new = counters(before), counters(after)
    for name, value in new.items():
        if name in old and isinstance(old[name], int):
            delta = (value - old[name]) % MODULUS
            if delta == 1:
                added[name[2]] += 1
            elif key is not None:
                urn = next((v for v in name[1] if isinstance(v, str) and v not in OPTIONS), "")
                added.update(
                    name[2]
                    for voter in voters
                    if (delta - mask(key, urn, voter, name[2])) % MODULUS == 1
                )
    return added


def text_evidence(folder):
    """Lines of any non-database file that name a voter and one option."""
    guesses = {}
    for path in folder.rglob("*"):
        if (
            not path.is_file()
            or path.suffix in (".fs", ".sqlite", ".index")
            or "sqlite" in path.name
        ):
            continue
        for line in path.read_bytes().splitlines():
            options = {o for o in OPTIONS if re.search(rb"\b%s\b" % o.encode(), line)}
            for voter in voters_in(line):
                if len(options) == 1:
                    guesses[voter] = options.pop()
    return guesses


def audit_order(folder, scratch):
    """Voters in the order the audit trail records their ballots."""
    path = folder / "audit.sqlite"
    if not path.exists():
        return []
    state = sqlite_history(path, scratch, latest=True)[-1]
    return list(
        dict.fromkeys(
            actor
            for _seq, actor in sorted(
                (row[0], value)
                for row in state.get("audit_record", ())
                if "council.secret-ballot" in row
                for value in row
                if value in VOTERS
            )
        )
    )


def final_states(folder, scratch):
    return {
        path.name: sqlite_history(path, scratch, latest=True)[-1]
        for path in folder.glob("*.sqlite")
    }


def attack(folders, voters, scratch):
    """Every guess the attacker can make from `folders` (copies of var, oldest first):
    {method: {voter: option}}."""
    methods = collections.defaultdict(dict)
    last = folders[-1]
    key = ballot_key(last)
    guesses, datafs_voters, datafs_choices = datafs_evidence(last / "Data.fs")
    methods["Data.fs transaction diff"] = guesses
    methods["text lines"] = text_evidence(last)
    histories = {path.name: sqlite_history(path, scratch) for path in last.glob("*.sqlite")}
    for states in histories.values():
        for state in states:
            for rows in state.values():
                for row in rows:
                    options = [value for value in row if value in OPTIONS]
                    for voter in (v for v in row if isinstance(v, str) and v in voters):
                        if len(options) == 1:
                            methods["a row naming both"][voter] = options[0]
    order = audit_order(last, scratch) or datafs_voters
    choice_orders = {"Data.fs": datafs_choices}
    for name, states in histories.items():
        choice_orders[name] = [
            option
            for before, after in zip(states, states[1:])
            for option in sorted(state_diff(before, after, voters, key).elements())
        ]
    for name, sequence in choice_orders.items():
        if sequence:  # the k-th voter of the audit trail cast the k-th choice found
            methods[f"order of {name}"] = dict(zip(order, sequence))
    # copies taken while the poll was open: who voted between two copies, what changed
    for before, after in zip(folders, folders[1:]):
        came = [v for v in audit_order(after, scratch) if v not in audit_order(before, scratch)]
        old, new = final_states(before, scratch), final_states(after, scratch)
        shown = collections.Counter()
        for name, state in new.items():
            shown += state_diff(old.get(name, {}), state, came, ballot_key(after))
        if len(came) == 1 and shown:
            methods["copies around a vote"][came[0]] = shown.most_common(1)[0][0]
    return methods


def no_better_than_chance(methods, choices):
    """Each method's correct guesses stay within four standard deviations of a blind guess."""
    report = {}
    for method, guesses in methods.items():
        right = sum(1 for voter, option in guesses.items() if choices.get(voter) == option)
        guessed = len(guesses)
        bound = max(3, guessed / 3 + 4 * math.sqrt(guessed * 2 / 9))
        report[method] = (right, guessed, bound)
    print(
        "\n"
        + "\n".join(
            f"{m}: {r} right of {g} guessed (chance bound {b:.1f})"
            for m, (r, g, b) in report.items()
        )
    )
    leaks = {m: (r, g) for m, (r, g, b) in report.items() if r > b}
    assert not leaks, f"voters linked to their choices: {leaks}"


def copy(folder, target):
    shutil.copytree(folder, target, ignore=shutil.ignore_patterns("*.lock", "*.tmp"))
    return target


# -- the attacks -----------------------------------------------------------------------------


def test_51_voter_burst_leaves_no_link_in_any_file(var, tmp_path):
    """The default of `make run` (the ballot key in var too), read after the close."""
    item = secret_item()
    var.swap()
    created = post(STAFF, f"{item.absolute_url()}/@polls", {"kind": "whole"}).json()
    assert created["mode"] == "secret"
    assert post(CHAIR, f"{created['@id']}/open").status_code == 200
    choices = truth(VOTERS, seed=13)
    statuses, _elapsed = burst(
        f"{item.absolute_url()}/@vote",
        {user: {"poll": created["id"], "choice": choices[user]} for user in VOTERS},
    )
    assert set(statuses.values()) == {200}, statuses
    closed = post(CHAIR, f"{created['@id']}/close").json()
    assert closed["counts"] == {"yes": 17, "no": 17, "abstain": 17}
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    stolen = copy(var.path, tmp_path / "stolen")
    assert (stolen / "Data.fs").stat().st_size > 0
    no_better_than_chance(attack([stolen], VOTERS, scratch), choices)


def vote_one_by_one(var, tmp_path, voters, seed):
    """A secret poll where `voters` vote one after the other, var copied before the first
    vote, after each one and after the close; returns (copies, true choices)."""
    item = secret_item()
    var.swap()
    created = post(STAFF, f"{item.absolute_url()}/@polls", {"kind": "whole"}).json()
    assert post(CHAIR, f"{created['@id']}/open").status_code == 200
    choices = truth(voters, seed)
    copies = [copy(var.path, tmp_path / "copy-00")]
    for index, user in enumerate(voters, 1):
        answer = client(user).post(
            f"{item.absolute_url()}/@vote", json={"poll": created["id"], "choice": choices[user]}
        )
        assert answer.status_code == 200, answer.text
        copies.append(copy(var.path, tmp_path / f"copy-{index:02d}"))
    closed = post(CHAIR, f"{created['@id']}/close").json()
    counted = collections.Counter(choices.values())
    assert closed["counts"] == {option: counted[option] for option in OPTIONS}
    copies.append(copy(var.path, tmp_path / "after"))
    (tmp_path / "scratch").mkdir()
    return copies, choices


def test_copies_taken_during_the_poll_link_nobody(var, tmp_path, monkeypatch):
    """Copies of var between every two votes, the ballot key kept outside var."""
    monkeypatch.setenv("RATUSHA_BALLOT_KEY", "kept outside var, as docs/council.md asks")
    copies, choices = vote_one_by_one(var, tmp_path, VOTERS[:15], seed=28)
    no_better_than_chance(attack(copies, list(choices), tmp_path / "scratch"), choices)


def test_the_key_is_what_protects_a_poll_watched_while_open(var, tmp_path):
    """The limit docs/council.md states, and proof that the attacker can unmask: with the
    ballot key in var, copies taken around each vote do link (after the close they do not,
    see the burst above)."""
    copies, choices = vote_one_by_one(var, tmp_path, VOTERS[:6], seed=6)
    guesses = attack(copies, list(choices), tmp_path / "scratch")["copies around a vote"]
    assert guesses == choices
