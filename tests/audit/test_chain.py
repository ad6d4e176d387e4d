"""The chain detects every kind of tampering, names each break and goes on; plain Python."""

import copy
import json
import pytest
from ratusha.audit import chain
from ratusha.audit.verification import ANCHOR
from ratusha.audit.verification import DELETED
from ratusha.audit.verification import EDITED
from ratusha.audit.verification import FORGED
from ratusha.audit.verification import INSERTED
from ratusha.audit.verification import REORDERED
from ratusha.audit.verification import UNEXPLAINED_PURGE
from ratusha.audit.verification import verify


KEY = b"test-key"


def build(n=5, key=KEY):
    out, prev = [], chain.GENESIS
    for seq in range(1, n + 1):
        content = {name: None for name in chain.CONTENT_FIELDS}
        content.update(
            seq=seq,
            ts=f"2026-11-22T10:00:0{seq}.000000Z",
            action="content.modify",
            event_class="content",
            outcome="success",
            actor_id=f"user{seq}",
            details=json.dumps({"fields": ["title"]}),
        )
        d = chain.digest(content)
        h = chain.link(key, seq, prev, d)
        out.append(dict(content, digest=d, prev_hash=prev, hash=h, purged=False))
        prev = h
    return out


def edit(records):
    records[2]["actor_id"] = "mallory"


def edit_and_rehash_without_key(records):
    records[2]["actor_id"] = "mallory"
    records[2]["digest"] = chain.digest(records[2])


def delete(records):
    del records[2]


def insert(records):
    forged = copy.deepcopy(records[2])
    forged["actor_id"] = "mallory"
    records.insert(3, forged)


def copy_elsewhere(records):
    """An intact record copied to a free number, as `INSERT … SELECT 11, …` would."""
    records.append(dict(copy.deepcopy(records[2]), seq=len(records) + 1))


def swap(records):
    """Two records exchange their numbers (the log is read in number order)."""
    records[1], records[2] = dict(records[2], seq=2), dict(records[1], seq=3)


def swap_contents(records):
    for name in ("actor_id",):
        records[1][name], records[2][name] = records[2][name], records[1][name]


def resequence_after_delete(records):
    del records[2]
    for record in records[2:]:
        record["seq"] -= 1


def relink_with_wrong_key(records):
    records[2]["actor_id"] = "mallory"
    records[2]["digest"] = chain.digest(records[2])
    records[2]["hash"] = chain.link(b"guess", 3, records[2]["prev_hash"], records[2]["digest"])


def fake_purge(records):
    records[2].update(purged=True, actor_id=None, details=None)


def purged_but_edited(records):
    records[2].update(purged=True, actor_id="mallory")


def non_text_in_columns(records):
    records[2].update(actor_id="\ud800", hash="\u00e9" * 64, prev_hash=None)


# what each tampering of a 10-record log is reported as: (first, last, kind)
TAMPERING = [
    (edit, [(3, 3, EDITED)]),
    (edit_and_rehash_without_key, [(3, 3, FORGED)]),
    (delete, [(3, 3, DELETED)]),
    (insert, [(3, 3, INSERTED)]),
    (copy_elsewhere, [(11, 11, INSERTED)]),
    (swap, [(2, 2, REORDERED), (3, 3, REORDERED)]),
    (swap_contents, [(2, 3, EDITED)]),
    (resequence_after_delete, [(3, 3, DELETED), (3, 9, REORDERED)]),
    (relink_with_wrong_key, [(3, 3, FORGED)]),
    (fake_purge, [(3, 3, UNEXPLAINED_PURGE)]),
    (purged_but_edited, [(3, 3, EDITED), (3, 3, UNEXPLAINED_PURGE)]),
    (non_text_in_columns, [(3, 3, EDITED)]),
]


def found(verdict):
    return [(p.seq, p.last if p.last is not None else p.seq, p.kind) for p in verdict.problems]


def test_clean_chain_verifies():
    verdict = verify(build(10), KEY)
    assert verdict.ok and verdict.checked == 10 and verdict.last_seq == 10
    assert str(verdict).startswith("OK: 10 records")


@pytest.mark.parametrize("tamper,expected", TAMPERING, ids=[t.__name__ for t, _ in TAMPERING])
def test_tampering_is_named_precisely(tamper, expected):
    records = build(10)
    tamper(records)
    verdict = verify(records, KEY)
    assert not verdict.ok
    assert found(verdict) == expected, str(verdict)


def test_swap_names_where_each_belongs():
    records = build(10)
    swap(records)
    assert str(verify(records, KEY)).splitlines()[1:] == [
        "  record 2: reordered: it is record 3, moved here",
        "  record 3: reordered: it is record 2, moved here",
    ]


def test_renumbered_tail_is_one_range():
    records = build(10)
    resequence_after_delete(records)
    assert "records 3-9: reordered: they are records 4-10, moved here" in str(verify(records, KEY))


def test_every_break_is_listed_not_only_the_first():
    """An early edit must not hide a later deletion, swap or cut tail."""
    records = build(20)
    head = (20, records[19]["hash"])
    edit(records)  # record 3
    del records[6]  # record 7
    records[10], records[11] = dict(records[11], seq=12), dict(records[10], seq=13)  # 12 <-> 13
    records[15]["digest"] = "0" * 64  # record 17
    del records[17:]  # 19, 20: the tail
    verdict = verify(records, KEY, head=head)
    assert found(verdict) == [
        (3, 3, EDITED),
        (7, 7, DELETED),
        (12, 12, REORDERED),
        (13, 13, REORDERED),
        (17, 17, EDITED),
        (19, 20, DELETED),
    ], str(verdict)
    assert str(verdict).startswith("BROKEN: 6 problem(s) in 17 records")


def test_wrong_key_fails_at_every_record():
    verdict = verify(build(10), b"other")
    assert found(verdict) == [(1, 10, FORGED)]


def test_cut_tail_is_seen_from_the_head():
    records = build(10)
    head = (10, records[9]["hash"])
    assert verify(records[:7], KEY).ok  # the records alone cannot tell
    verdict = verify(records[:7], KEY, head=head)
    assert found(verdict) == [(8, 10, DELETED)]
    assert "the head table goes to record 10: its tail was cut" in str(verdict)
    assert verify(records, KEY, head=head).ok


def test_cut_tail_and_rewound_head_need_the_anchor():
    records = build(10)
    anchor = (10, records[9]["hash"])
    cut = records[:7]
    rewound_head = (7, cut[-1]["hash"])
    assert verify(cut, KEY, head=rewound_head).ok
    verdict = verify(cut, KEY, anchor=anchor, head=rewound_head)
    assert found(verdict) == [(8, 10, DELETED)] and "the anchor" in str(verdict)
    assert verify(records, KEY, anchor=anchor).ok


def test_head_or_anchor_that_differs():
    records = build(10)
    verdict = verify(records, KEY, anchor=(5, "f" * 64), head=(10, "e" * 64))
    assert found(verdict) == [(5, 5, ANCHOR), (10, 10, ANCHOR)]


def test_records_appended_during_the_walk_are_fine():
    records = build(10)
    assert verify(records, KEY, head=(8, records[7]["hash"])).ok


def test_legitimate_purge_keeps_the_chain_verifiable():
    records = build(4)
    for record in records[:2]:
        record.update(
            {n: None for n in chain.CONTENT_FIELDS if n not in chain.KEPT_WHEN_PURGED}, purged=True
        )
    prev = records[-1]["hash"]
    purge = {name: None for name in chain.CONTENT_FIELDS}
    purge.update(
        seq=5,
        ts="2026-11-23T00:00:00.000000Z",
        action=chain.PURGE_ACTION,
        event_class="audit",
        outcome="success",
        details=json.dumps(
            {
                "event_class": "content",
                "older_than": "2026-11-22T10:00:03",
                "count": 2,
                "first_seq": 1,
                "last_seq": 2,
            }
        ),
    )
    d = chain.digest(purge)
    records.append(
        dict(purge, digest=d, prev_hash=prev, hash=chain.link(KEY, 5, prev, d), purged=False)
    )
    assert verify(records, KEY).ok


def test_canonical_form_ignores_key_order():
    a = {"seq": 1, "action": "x", "details": "{}"}
    b = {"details": "{}", "action": "x", "seq": 1}
    assert chain.digest(a) == chain.digest(b)
