"""The chain detects every kind of tampering; plain Python, no Zope."""

import copy
import json

import pytest

from ratusha.audit import chain

KEY = b"test-key"


def build(n=5, key=KEY):
    out, prev = [], chain.GENESIS
    for seq in range(1, n + 1):
        content = {name: None for name in chain.CONTENT_FIELDS}
        content.update(seq=seq, ts=f"2026-11-22T10:00:0{seq}.000000Z", action="content.modify",
                       event_class="content", outcome="success", actor_id=f"user{seq}",
                       details=json.dumps({"fields": ["title"]}))
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


def reorder(records):
    records[1], records[2] = records[2], records[1]


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


TAMPERING = [
    (edit, 3), (edit_and_rehash_without_key, 3), (delete, 3), (insert, 3), (reorder, 2),
    (swap_contents, 2), (resequence_after_delete, 3), (relink_with_wrong_key, 3),
    (fake_purge, 3), (purged_but_edited, 3),
]


def test_clean_chain_verifies():
    verdict = chain.verify(build(), KEY)
    assert verdict.ok and verdict.checked == 5 and verdict.last_seq == 5


@pytest.mark.parametrize("tamper,broken_at", TAMPERING, ids=[t.__name__ for t, _ in TAMPERING])
def test_tampering_is_detected_at_the_record(tamper, broken_at):
    records = build()
    tamper(records)
    verdict = chain.verify(records, KEY)
    assert not verdict.ok
    assert verdict.problem.seq == broken_at, str(verdict)


def test_wrong_key_fails_at_first_record():
    assert chain.verify(build(), b"other").problem.seq == 1


def test_truncated_tail_needs_the_anchor():
    records = build()
    anchor = (5, records[4]["hash"])
    truncated = records[:3]
    assert chain.verify(truncated, KEY).ok  # without an anchor a cut tail looks fine
    verdict = chain.verify(truncated, KEY, anchor=anchor)
    assert not verdict.ok and verdict.problem.seq == 5
    assert chain.verify(records, KEY, anchor=anchor).ok


def test_legitimate_purge_keeps_the_chain_verifiable():
    records = build(4)
    for record in records[:2]:
        record.update({n: None for n in chain.CONTENT_FIELDS if n not in chain.KEPT_WHEN_PURGED},
                      purged=True)
    prev = records[-1]["hash"]
    purge = {name: None for name in chain.CONTENT_FIELDS}
    purge.update(seq=5, ts="2026-11-23T00:00:00.000000Z", action=chain.PURGE_ACTION,
                 event_class="audit", outcome="success",
                 details=json.dumps({"event_class": "content", "older_than": "2026-11-22T10:00:03",
                                     "count": 2, "first_seq": 1, "last_seq": 2}))
    d = chain.digest(purge)
    records.append(dict(purge, digest=d, prev_hash=prev, hash=chain.link(KEY, 5, prev, d),
                        purged=False))
    assert chain.verify(records, KEY).ok


def test_canonical_form_ignores_key_order():
    a = {"seq": 1, "action": "x", "details": "{}"}
    b = {"details": "{}", "action": "x", "seq": 1}
    assert chain.digest(a) == chain.digest(b)
