"""`make bench`: run the benchmarks, write a Markdown report, JSON and a plot next to it.

Bounded and loopback only. Profiles: --quick (1,000 and 5,000 documents, 20,000 audit records,
5 s per load) and the default full profile (10,000 and 100,000 documents, 1,000,000 audit
records, 15 s per load). Sites are built once under instance/var/bench and reused; every run
serves a fresh copy of them. Operations not built yet are listed as pending, never faked:
a module `bench_<name>.py` with `run(context) -> list of rows` fills its slot (PENDING).
"""

import argparse
import importlib
import json
import pathlib
import sys
import time


HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import bench_audit  # noqa: E402
import bench_http  # noqa: E402
from harness import free_port  # noqa: E402
from harness import load  # noqa: E402
from harness import machine  # noqa: E402
from harness import public  # noqa: E402
from harness import run_python  # noqa: E402
from harness import Server  # noqa: E402
from harness import Spy  # noqa: E402
import sites  # noqa: E402


PROFILES = {
    "quick": {
        "stages": (1000, 5000),
        "audit": 20_000,
        "seconds": 5,
        "levels": (1, 2, 4, 8),
        "repeat": 50,
    },
    "full": {
        "stages": (10_000, 100_000),
        "audit": 1_000_000,
        "seconds": 15,
        "levels": (1, 2, 4, 8),
        "repeat": 200,
    },
}
# Slots for operations whose capability arrives later: bench_<module>.run(context) -> [rows]
# (rows as harness.compare makes them). context: "profile", "out", "seconds", "log",
# "snapshots" ({N: folder}), "serve" (serve(snapshot, port) -> a harness.Server on a fresh
# copy, used as `with`; the demo people, e.g. councillor01…21, are in every snapshot).
PENDING = {
    "council": "5 council vote: 51 councillors voting at once through HTTP, 10 rounds — "
    "0 lost, 0 doubled, all within 2 s",
}


def log(text):
    print(text, flush=True)


def serve(site, port):
    return Server(site / "etc" / "zope.ini", port, site / "var" / "log" / "console.log")


def measure_site(out, snapshot, documents, settings, largest, profile_ops):
    """Everything one served copy of a snapshot gives: reads (and writes when largest)."""
    port = free_port()
    site, copied = sites.work_copy(out, snapshot, port)
    result = {"copy": copied}
    seconds = settings["seconds"]
    with serve(site, port) as server:
        log(f"  serving {documents:,} documents on {server.url} (pid {server.pid})")
        bench_http.measure_reads(server.url, 2)  # warm the caches
        result["reads"] = bench_http.measure_reads(server.url, seconds)
        if largest:
            result["concurrency"] = bench_http.measure_concurrency(
                server.url, settings["levels"], max(3, seconds // 2)
            )
            server.mark_log()
            result["transitions"] = bench_http.measure_transitions(server.url, seconds * 2)
            result["transitions"]["retries"] = server.retries()
            # registrations queue on one lane: 8 clerks can at best match one clerk's rate
            result["registration_one"] = bench_http.measure_registration(
                server.url, seconds, clerks=1
            )
            server.mark_log()
            result["registration"] = bench_http.measure_registration(server.url, seconds * 2)
            result["registration"]["retries"] = server.retries()
            if profile_ops:
                result["profiles"] = profile(server, out, seconds)
    spec = bench_http.floor_spec(result.get("transitions"), settings["repeat"])
    result["floors"] = json.loads(
        run_python("floors.py", "--config", site / "etc" / "zope.conf", "--spec", json.dumps(spec))
        .strip()
        .splitlines()[-1]
    )
    return result


def profile(server, out, seconds):
    """py-spy on the server while each operation is loaded again: where its time goes."""
    url, probe = server.url, bench_http.datagen.PROBE
    runs = {
        "1 personal room": lambda: load(
            bench_http.client(url, probe, accept="text/html"),
            bench_http.get(bench_http.SITE),
            1,
            seconds,
        ),
        "2 @worklist/for-approval": lambda: load(
            bench_http.client(url, probe),
            bench_http.get(f"{bench_http.SITE}/@worklist/for-approval"),
            1,
            seconds,
        ),
        "3 workflow transition": lambda: bench_http.measure_transitions(url, seconds),
        "4 registration, 8 clerks": lambda: bench_http.measure_registration(url, seconds),
        "7 @search": lambda: load(
            bench_http.client(url, bench_http.SEARCH_USER),
            bench_http.get(bench_http.search_path()),
            1,
            seconds,
        ),
    }
    found = {}
    for name, run in runs.items():
        spy = Spy(server.pid, out / "profiles" / f"{name.split()[0]}.txt", seconds + 5)
        with spy:
            run()
        found[name] = spy.top(25, match="publish")
    return found


def pending_rows(context, skip=()):
    rows = []
    for module, description in PENDING.items():
        if module in skip:
            continue
        try:
            bench = importlib.import_module(f"bench_{module}")
        except ImportError:
            rows.append(
                {
                    "operation": description,
                    "pending": True,
                    "goal": "",
                    "N": None,
                    "concurrency": None,
                    "app": None,
                    "floor": None,
                }
            )
            continue
        rows.extend(bench.run(context))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", default=str(ROOT / "instance" / "var" / "bench"))
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=("audit", "http", "cluster", *PENDING)
    )
    parser.add_argument("--profile", action="store_true", help="py-spy the reads (1, 2)")
    parser.add_argument("--stages", nargs="*", type=int, help="document counts (override)")
    parser.add_argument("--seconds", type=int, help="seconds per load (override)")
    args = parser.parse_args(argv)
    name = "quick" if args.quick else "full"
    settings = dict(PROFILES[name])
    if args.stages:
        settings["stages"] = tuple(args.stages)
    if args.seconds:
        settings["seconds"] = args.seconds
    out = pathlib.Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    report = {
        "profile": name,
        "machine": machine(),
        "rows": [],
        "notes": [],
        "by_n": {},
        "data": {},
    }
    if "audit" not in args.skip:
        log(f"6 audit trail, {settings['audit']:,} records ...")
        report["audit"] = bench_audit.run(out, settings["audit"])
    snapshots = {}
    if not {"http", "cluster", *PENDING} <= set(args.skip):
        snapshots = sites.ensure(out, settings["stages"], log)
        report["data"] = {str(n): sites.info(path) for n, path in snapshots.items()}
    if "http" not in args.skip:
        largest = max(snapshots)
        search = {}
        for documents, snapshot in sorted(snapshots.items()):
            log(f"Operations at {documents:,} documents ...")
            result = measure_site(
                out, snapshot, documents, settings, documents == largest, args.profile
            )
            reads, floors = result["reads"], result["floors"]
            rows = bench_http.read_rows(documents, reads, floors)
            search[documents] = rows[2]
            report["by_n"][str(documents)] = {key: public(value) for key, value in reads.items()}
            report["by_n"][str(documents)]["copy"] = result["copy"]
            if documents == largest:
                report["rows"] += rows
                report["rows"].append(
                    bench_http.transition_row(documents, result["transitions"], floors)
                )
                report["rows"].append(
                    bench_http.registration_row(
                        documents, result["registration"], result["registration_one"]
                    )
                )
                report["concurrency"] = result["concurrency"]
                report["profiles"] = result.get("profiles")
            else:
                report["rows"].append(rows[2])
        report["growth"] = bench_http.growth(search)
    if "cluster" not in args.skip:
        import bench_cluster

        missing = bench_cluster.missing()
        if missing:
            report["notes"].append("8 not measured: the cluster needs " + ", ".join(missing))
        else:
            smallest = min(snapshots)
            log(f"8 read throughput on the cluster ({smallest:,} documents) ...")
            cluster = bench_cluster.measure(
                out, snapshots[smallest], settings["seconds"] * 2, log=log
            )
            for row in cluster["rows"]:
                row["N"] = smallest
            report["rows"] += cluster["rows"]
    report["rows"] += pending_rows(
        {
            "profile": name,
            "out": out,
            "log": log,
            "seconds": settings["seconds"],
            "snapshots": snapshots,
            "serve": lambda snapshot, port: serve(sites.work_copy(out, snapshot, port)[0], port),
        },
        args.skip,
    )
    report["seconds"] = round(time.perf_counter() - began)
    write(report, out)


def write(report, out):
    import report as reporting

    name = report["profile"]
    (out / f"report-{name}.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    if report.get("by_n") and report.get("concurrency"):
        report["plot"] = str(reporting.plot(report, out / f"report-{name}.png"))
    text = reporting.markdown(report)
    (out / f"report-{name}.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
