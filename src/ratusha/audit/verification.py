"""Checking the audit chain: every record, every break named. Plain Python, no Zope.

A record is *authentic at place s* when its digest matches its content with seq s and its
link hash is the one the key gives for s, its previous hash and its digest: nobody without the
key can make one. So each record proves by itself where it belongs, and the walk goes on after
a break instead of stopping there: an edit early in the log cannot hide a deletion after it.
What is found:

- edited: the content no longer matches the digest (or a purged record still holds content);
- forged: the digest matches but the link hash is not the key's (made or re-hashed without it);
- reordered: an authentic record sits at another place than its own (it names its place);
- inserted: a record repeats another one's place or hash;
- deleted: places no record holds, including a tail cut behind the head table (`audit_head`)
  or an exported anchor;
- unexplained purge: a blanked record that no purge record accounts for;
- hash differs: the record at the place of the head table or the anchor has another hash.
"""

import bisect
import collections
import dataclasses
import hmac
import math
from ratusha.audit.chain import CONTENT_FIELDS
from ratusha.audit.chain import covers
from ratusha.audit.chain import digest
from ratusha.audit.chain import GENESIS
from ratusha.audit.chain import KEPT_WHEN_PURGED
from ratusha.audit.chain import link
from ratusha.audit.chain import PURGE_ACTION


EDITED = "edited"
FORGED = "forged"
REORDERED = "reordered"
INSERTED = "inserted"
DELETED = "deleted"
UNEXPLAINED_PURGE = "unexplained purge"
ANCHOR = "hash differs"

# How far back a moved record's predecessor is looked up by its hash (memory stays bounded).
WINDOW = 10_000
# Records whose predecessor is gone (deleted, then the rest renumbered) are tried this many
# places either side, within a total budget of link hashes per walk.
REACH = 64
BUDGET = 100_000


@dataclasses.dataclass(frozen=True)
class Problem:
    seq: int
    kind: str
    reason: str
    last: int | None = None  # the last record of a range
    origin: int | None = None  # where a reordered record belongs

    def __str__(self):
        last = self.last if self.last is not None else self.seq
        where = f"records {self.seq}-{last}" if last != self.seq else f"record {self.seq}"
        reason = self.reason
        if self.origin is not None:
            end = self.origin + last - self.seq
            reason = (
                f"they are records {self.origin}-{end}, moved here"
                if end != self.origin
                else f"it is record {self.origin}, moved here"
            )
        return f"{where}: {self.kind}: {reason}"


@dataclasses.dataclass
class Verdict:
    checked: int
    last_seq: int
    last_hash: str
    problems: list = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem(self) -> Problem | None:
        return self.problems[0] if self.problems else None

    def __str__(self):
        if self.ok:
            return f"OK: {self.checked} records, head {self.last_seq} {self.last_hash}"
        lines = [f"BROKEN: {len(self.problems)} problem(s) in {self.checked} records"]
        return "\n".join(lines + [f"  {problem}" for problem in self.problems])


def _same(a, b) -> bool:
    """Constant-time equality that never raises on what an intruder wrote into a column."""
    if not isinstance(a, str) or not isinstance(b, str):
        return False
    return hmac.compare_digest(
        a.encode("utf-8", "surrogatepass"), b.encode("utf-8", "surrogatepass")
    )


class _Walk:
    def __init__(self, key: bytes, marks: list):
        self.key = key
        self.marks = marks  # (place, hash, who names it): the head table, an anchor
        self.marked = {place for place, _hash, _name in marks}
        self.problems = []
        self.checked = 0
        self.highest, self.highest_hash = 0, GENESIS
        self.missing = []  # sorted, disjoint [first, last] places below `highest` not yet seen
        self.known = collections.OrderedDict()  # hash -> place, of the last WINDOW records
        self.unplaced = {}  # prev_hash -> records whose predecessor has not been seen yet
        self.unexplained = {}  # blanked records no purge record has accounted for yet
        self.hashes_at = {}  # place -> hash, for the places the marks name

    def problem(self, seq, kind, reason, last=None, origin=None):
        self.problems.append(Problem(seq, kind, reason, last, origin))

    def authentic(self, record, place) -> bool:
        if not _same(link(self.key, place, record["prev_hash"], record["digest"]), record["hash"]):
            return False
        if record["purged"]:
            return True
        content = record if place == record["seq"] else dict(record, seq=place)
        return _same(digest(content), record["digest"])

    def add(self, record):
        self.checked += 1
        self.purge_checks(record)
        self.settle_all([(record, None)])

    def settle_all(self, queue):
        while queue:
            record, place = queue.pop()
            settled = self.settle(record, place)
            if settled is not None:
                queue.extend(
                    (waiting, settled + 1) for waiting in self.unplaced.pop(record["hash"], ())
                )

    def settle(self, record, place):
        """Put a record at its place; the place, or None if it has none (yet)."""
        prev_hash, seq = record["prev_hash"], record["seq"]
        candidates = [place] if place is not None else [seq]
        if place is None and prev_hash == GENESIS:
            candidates.append(1)
        if place is None and prev_hash in self.known:
            candidates.append(self.known[prev_hash] + 1)
        for candidate in candidates:
            if self.authentic(record, candidate):
                if self.see(record, candidate, authentic=True) and candidate != seq:
                    self.problem(seq, REORDERED, "moved", origin=candidate)
                return candidate
        if place is None and record["hash"] in self.known:
            self.problem(
                seq, INSERTED, f"it copies the hash of record {self.known[record['hash']]}"
            )
            return None
        if len(candidates) == 1 and place is None:
            self.unplaced.setdefault(prev_hash, []).append(record)
            return None
        self.broken(record)
        self.see(record, candidates[-1], authentic=False)
        return candidates[-1]

    def broken(self, record):
        if not record["purged"] and not _same(digest(record), record["digest"]):
            self.problem(record["seq"], EDITED, "its content was changed after it was written")
        else:
            self.problem(record["seq"], FORGED, "its hash is not the one the key gives")

    def see(self, record, place, authentic) -> bool:
        """Count a place as held; False if another record held it already."""
        if place > self.highest:
            if place > self.highest + 1:
                self.missing.append([self.highest + 1, place - 1])
            self.highest, self.highest_hash = place, record["hash"]
        elif not self.fill(place):
            if authentic:
                self.problem(record["seq"], INSERTED, f"it repeats record {place}")
            return False
        self.known[record["hash"]] = place
        if len(self.known) > WINDOW:
            self.known.popitem(last=False)
        if place in self.marked:
            self.hashes_at[place] = record["hash"]
        return True

    def fill(self, place) -> bool:
        index = bisect.bisect_right(self.missing, [place, math.inf]) - 1
        if index < 0 or not self.missing[index][0] <= place <= self.missing[index][1]:
            return False
        first, last = self.missing[index]
        self.missing[index : index + 1] = ([[first, place - 1]] if first < place else []) + (
            [[place + 1, last]] if place < last else []
        )
        return True

    def purge_checks(self, record):
        seq = record["seq"]
        if record["purged"]:
            if any(
                record.get(name) is not None
                for name in CONTENT_FIELDS
                if name not in KEPT_WHEN_PURGED
            ):
                self.problem(seq, EDITED, "it is marked purged but still holds content")
            self.unexplained[seq] = {
                name: record.get(name) for name in ("seq", "ts", "event_class")
            }
        elif record["action"] == PURGE_ACTION:
            for blanked in [n for n, r in self.unexplained.items() if covers(record, r)]:
                del self.unexplained[blanked]

    def place_orphans(self):
        """Records whose predecessor never came: search a few places around their own (a
        deletion followed by renumbering shifts the rest by one); their followers come along."""
        waiting_hashes = {r["hash"] for waiting in self.unplaced.values() for r in waiting}
        budget = BUDGET
        for prev_hash in [h for h in self.unplaced if h not in waiting_hashes]:
            for record in self.unplaced.get(prev_hash, ()):
                seq = record["seq"]
                for offset in range(1, REACH + 1):
                    budget -= 2
                    if budget < 0:
                        return
                    place = next(
                        (
                            p
                            for p in (seq + offset, seq - offset)
                            if p > 0 and self.authentic(record, p)
                        ),
                        None,
                    )
                    if place is not None:
                        self.unplaced[prev_hash] = [
                            r for r in self.unplaced[prev_hash] if r is not record
                        ]
                        self.settle_all([(record, place)])
                        break

    def verdict(self) -> Verdict:
        self.place_orphans()
        for waiting in self.unplaced.values():
            for record in waiting:  # their predecessor never came: broken where they stand
                self.broken(record)
                if record["seq"] <= self.highest:
                    self.fill(record["seq"])
        for first, last in self.missing:
            self.problem(first, DELETED, "missing from the log", last)
        self.check_marks()
        for seq in self.unexplained:
            self.problem(
                seq, UNEXPLAINED_PURGE, "it was blanked, but no purge record accounts for it"
            )
        return Verdict(self.checked, self.highest, self.highest_hash, _grouped(self.problems))

    def check_marks(self):
        beyond = [(place, name) for place, _hash, name in self.marks if place > self.highest]
        if beyond:
            end = max(place for place, _name in beyond)
            names = " and ".join(name for _place, name in beyond)
            self.problem(
                self.highest + 1,
                DELETED,
                f"the log ends at record {self.highest}, but {names} goes to record "
                f"{end}: its tail was cut",
                end,
            )
        for place, expected, name in self.marks:
            if place in self.hashes_at and not _same(self.hashes_at[place], expected):
                self.problem(place, ANCHOR, f"its hash is not the one {name} holds")


def _grouped(problems) -> list:
    """Sorted, with runs of the same problem on consecutive records as one range."""
    out = []
    for problem in sorted(problems, key=lambda p: (p.seq, p.kind)):
        previous = out[-1] if out else None
        if (
            previous
            and previous.kind == problem.kind
            and previous.reason == problem.reason
            and problem.last is None
            and (previous.last or previous.seq) + 1 == problem.seq
            and (problem.origin is None) == (previous.origin is None)
            and (
                problem.origin is None
                or problem.origin - problem.seq == previous.origin - previous.seq
            )
        ):
            out[-1] = dataclasses.replace(previous, last=problem.seq)
        else:
            out.append(problem)
    return out


def verify(records, key: bytes, anchor=None, head=None) -> Verdict:
    """Check every record (dicts with the CONTENT_FIELDS plus digest, prev_hash, hash, purged).

    `head` is the (seq, hash) the head table held before the walk began, `anchor` one exported
    earlier and kept elsewhere: the log must reach each of them unchanged.
    """
    marks = [
        (mark[0], mark[1], name)
        for mark, name in ((head, "the head table"), (anchor, "the anchor"))
        if mark is not None and mark[0] > 0
    ]
    walk = _Walk(key, marks)
    for record in records:
        walk.add(record)
    return walk.verdict()
