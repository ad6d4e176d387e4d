"""Audit trail at scale: queries through AuditStore vs the same raw SQL, verify, insert cost.

Each figure is paired with a floor measured in the same run (raw SQL on the same file), so the
report gives overheads and ratios rather than machine-dependent absolute times.
"""

from harness import timed
import pathlib
import random
from ratusha.audit.store import AuditStore
from ratusha.audit.store import utc_timestamp
from ratusha.core.sql import dispose
import sqlite3
import time


KEY = b"bench-key"
ACTIONS = [
    "content.modify",
    "content.create",
    "content.transition",
    "auth.login",
    "auth.login-failed",
    "personal-data.view",
    "settings.changed",
]


def build(path: pathlib.Path, n: int, seed: int = 7) -> AuditStore:
    """A log of n records (built once, reused while its size matches)."""
    url = f"sqlite:///{path}"
    store = AuditStore(url, KEY)
    have = store.head()[0]
    if have >= n:
        return store
    rng = random.Random(seed + have)
    start = time.time() - n  # one record per second, ending now
    batch = []
    for seq in range(have + 1, n + 1):
        action = rng.choice(ACTIONS)
        batch.append(
            {
                "ts": utc_timestamp(_at(start + seq)),
                "action": action,
                "event_class": action.split(".")[0],
                "outcome": "denied" if "failed" in action else "success",
                "actor_id": f"user{rng.randrange(1000):04d}",
                "actor_login": None,
                "object_uid": f"{rng.randrange(100000):032x}",
                "object_path": f"/ratusha/doc-{rng.randrange(100000)}",
                "instance": "bench",
                "client_ip": "10.0.0.1",
                "details": {"fields": ["title"]},
            }
        )
        if len(batch) == 20000:
            store.append(batch)
            batch = []
    if batch:
        store.append(batch)
    return store


def _at(seconds):
    import datetime

    return datetime.datetime.fromtimestamp(seconds, datetime.UTC)


def queries(store, path, rng):
    """(name, app callable, raw callable) for the filters an auditor uses."""
    raw = sqlite3.connect(path)
    columns = "*"
    user = f"user{rng.randrange(1000):04d}"
    uid = store.search(limit=1)[0]["object_uid"]
    since = store.search(limit=1, before=max(2, store.head()[0] * 19 // 20))[0]["ts"][:10]
    return raw, [
        (
            "by user",
            lambda: store.search(actor=user, limit=50),
            lambda: raw.execute(
                f"SELECT {columns} FROM audit_record WHERE actor_id = ? OR actor_login = ? "
                "ORDER BY seq DESC LIMIT 50",
                (user, user),
            ).fetchall(),
        ),
        (
            "by object",
            lambda: store.search(object_uid=uid, limit=50),
            lambda: raw.execute(
                f"SELECT {columns} FROM audit_record WHERE object_uid = ? "
                "ORDER BY seq DESC LIMIT 50",
                (uid,),
            ).fetchall(),
        ),
        (
            "failed logins since a day",
            lambda: store.search(action="auth.login-failed", since=since, limit=50),
            lambda: raw.execute(
                f"SELECT {columns} FROM audit_record WHERE action = ? AND ts >= ? "
                "ORDER BY seq DESC LIMIT 50",
                ("auth.login-failed", since),
            ).fetchall(),
        ),
        (
            "newest page",
            lambda: store.search(limit=50),
            lambda: raw.execute(
                f"SELECT {columns} FROM audit_record ORDER BY seq DESC LIMIT 50"
            ).fetchall(),
        ),
    ]


def run(folder: pathlib.Path, n: int, repeat: int = 50) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"audit-{n}.sqlite"
    began = time.perf_counter()
    store = build(path, n)
    result = {
        "operation": "audit",
        "records": n,
        "build_s": round(time.perf_counter() - began, 1),
        "queries": [],
    }
    rng = random.Random(11)
    raw, cases = queries(store, path, rng)
    for name, app, floor in cases:
        app_t, raw_t = timed(app, repeat), timed(floor, repeat)
        result["queries"].append(
            {
                "query": name,
                "app": app_t,
                "raw_sql": raw_t,
                "overhead_ms_p50": round(app_t["p50"] - raw_t["p50"], 3),
                "goal": "overhead <= 10 ms",
            }
        )
    raw.close()
    began = time.perf_counter()
    verdict = store.verify()
    result["verify"] = {
        "seconds": round(time.perf_counter() - began, 1),
        "ok": verdict.ok,
        "records_per_s": round(n / max(time.perf_counter() - began, 1e-9)),
        "goal": "1,000,000 records <= 60 s",
    }
    entry = {
        "action": "content.modify",
        "event_class": "content",
        "outcome": "success",
        "actor_id": "bench",
        "details": {"fields": ["title"]},
    }
    raw = sqlite3.connect(path, isolation_level=None)

    def raw_insert():
        raw.execute("BEGIN IMMEDIATE")
        raw.execute(
            "INSERT INTO audit_record (seq, ts, action, event_class, outcome, digest, "
            "prev_hash, hash, purged) VALUES ((SELECT max(seq) FROM audit_record) + 1000000000,"
            " 'x', 'bench', 'bench', 'success', 'd', 'p', 'h', 0)"
        )
        raw.execute("ROLLBACK")

    append_t = timed(lambda: store.append([entry]), 200)
    raw_t = timed(raw_insert, 200)
    raw.close()
    result["insert"] = {
        "append_one": append_t,
        "raw_insert_floor": raw_t,
        "ratio_p50": round(append_t["p50"] / raw_t["p50"], 2),
    }
    dispose(f"sqlite:///{path}")
    return result
