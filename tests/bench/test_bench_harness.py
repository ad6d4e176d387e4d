"""The bench harness's own arithmetic: percentiles, ratios, retry counting, growth, the report.

No server here: these are the parts whose mistakes would print wrong figures silently.
"""

import bench_http
import datagen
from harness import compare
from harness import percentiles
from harness import Server
import json
import pytest
import report


def test_percentiles_nearest_rank():
    stats = percentiles(list(range(1, 101)))
    assert (stats["p50"], stats["p95"], stats["p99"], stats["n"]) == (50, 95, 99, 100)
    assert percentiles([])["p50"] is None


def test_compare_gives_ratio_and_verdict():
    row = compare("x", {"p50": 30.0}, {"p50": 10.0}, goal="≤ 3×", goal_max=3.0, N=5)
    assert (row["ratio"], row["met"], row["N"]) == (3.0, True, 5)
    assert compare("x", {"p50": 31.0}, {"p50": 10.0}, goal_max=3.0)["met"] is False
    assert compare("x", {"p50": 31.0}, None)["ratio"] is None


def test_retries_are_counted_by_class(tmp_path):
    (tmp_path / "etc").mkdir()
    log = tmp_path / "var" / "log" / "event.log"
    log.parent.mkdir(parents=True)
    log.write_text("before\n")
    server = Server(tmp_path / "etc" / "zope.ini", 1, tmp_path / "console.log")
    server.mark_log()
    with open(log, "a") as handle:
        handle.write(
            "2026-11-22 INFO [Zope.SiteErrorLog:348][waitress-0] ConflictError at /ratusha/@x: "
            "database conflict error (oid 0x2c01, class BTrees.IOBTree.IOBucket, serial …). "
            "Request will be retried.\n"
            "2026-11-22 INFO [Zope.SiteErrorLog:348][waitress-1] ConflictError at /ratusha/@x: "
            "database conflict error (oid 0x2c02, class BTrees.IOBTree.IOBucket, serial …). "
            "Request will be retried.\n"
            "2026-11-22 ERROR [Zope.SiteErrorLog:35][waitress-1] ConflictError: not retried\n"
        )
    assert server.retries() == {"total": 2, "by_class": {"BTrees.IOBTree.IOBucket": 2}}


def test_growth_flags_linear_latency():
    rows = {1000: {"app": {"p50": 10.0}}, 10000: {"app": {"p50": 60.0}}}
    assert bench_http.growth(rows)["linear_in_n"] is True
    rows[10000]["app"]["p50"] = 14.0
    assert bench_http.growth(rows) == {
        "from": 1000,
        "to": 10000,
        "n_factor": 10.0,
        "latency_factor": 1.4,
        "linear_in_n": False,
    }


def test_recipes_are_seeded_and_mixed():
    first = [datagen.recipe(i) for i in range(500)]
    assert first == [datagen.recipe(i) for i in range(500)]
    assert all(r["author"] == datagen.AUTHOR for r in first[: datagen.AUTHOR_DRAFTS])
    states = {(r["type"], r["state"]) for r in first}
    assert ("IncomingDocument", "closed") in states
    assert ("OutgoingDocument", "in_approval") in states
    people = dict(datagen.people())
    assert len(people) == datagen.BENCH_USERS
    assert datagen.PROBE in people and datagen.AUTHOR in people


def test_report_lists_every_row_and_pending_slot(tmp_path):
    timing = {
        "p50": 10.0,
        "p95": 12.0,
        "p99": 13.0,
        "n": 10,
        "ops_s": 90.0,
        "errors": 0,
        "http_5xx": 0,
        "seconds": 1.0,
        "concurrency": 1,
    }
    data = {
        "profile": "quick",
        "machine": {
            "date": "2026-11-22",
            "cpus": 2,
            "cpu": "EPYC",
            "memory_gb": 24,
            "python": "3.11",
            "versions": {"Zope": "6.3"},
        },
        "rows": [
            compare(
                "1 personal room",
                timing,
                dict(timing, p50=8.0),
                goal="≤ 1.5×",
                goal_max=1.5,
                N=1000,
                concurrency=1,
            ),
            {
                "operation": "5 council vote",
                "pending": True,
                "goal": "",
                "N": None,
                "concurrency": None,
                "app": None,
                "floor": None,
            },
        ],
        "by_n": {
            "1000": {k: timing for k in ("personal_room", "worklist", "search", "document_view")}
        },
        "concurrency": [
            {"concurrency": c, "personal_room": timing, "rest_get": timing} for c in (1, 2)
        ],
    }
    text = report.markdown(json.loads(json.dumps(data)))
    assert "| 1 personal room | 1,000 | 1 | 90.0 | 10.0 / 12.0 / 13.0 |" in text
    assert "1.25 | ≤ 1.5× | **met** |" in text
    assert "| 5 council vote |" in text and "pending" in text
    pytest.importorskip("matplotlib", reason="the plot needs the bench extra (.[bench])")
    assert report.plot(data, tmp_path / "plot.png").stat().st_size > 1000
