"""`make bench`: run the benchmarks, print a Markdown report, write JSON next to it.

Bounded and loopback only. Profiles: --quick (CI smoke: 20,000 audit records) and the
default full profile (1,000,000). Data sets are built once under instance/var/bench and reused.
Operations not yet built are listed as such, never faked.
"""

import argparse
import json
import pathlib
import platform
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import bench_audit  # noqa: E402

NOT_YET = [
    "personal room page vs Plone's document view (needs the registry/meetings panels)",
    "'for my approval' REST vs bare catalog query (registry)",
    "workflow transition vs bare ZODB commit (registry)",
    "registration with 8 parallel clerks (registry)",
    "51 councillors voting at once (council)",
    "REST search at 10k/100k documents (registry data generator)",
    "read throughput with 1 and 2 instances on RelStorage (scale-out)",
]


def machine():
    import os

    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "cpu": cpu,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def markdown(report):
    lines = [f"# Ratusha benchmarks ({report['profile']})", "",
             f"{report['machine']['date']}, {report['machine']['cpus']} × {report['machine']['cpu']}, "
             f"Python {report['machine']['python']}", ""]
    audit = report["audit"]
    lines += [f"## Audit trail, {audit['records']:,} records (SQLite)", "",
              "| query | app p50 ms | raw SQL p50 ms | overhead ms | app p95 ms |", "|---|---|---|---|---|"]
    for q in audit["queries"]:
        lines.append(f"| {q['query']} | {q['app']['p50']:.2f} | {q['raw_sql']['p50']:.2f} | "
                     f"{q['overhead_ms_p50']:.2f} | {q['app']['p95']:.2f} |")
    verify = audit["verify"]
    lines += ["", f"Verify: {verify['seconds']} s for {audit['records']:,} records "
                  f"({verify['records_per_s']:,}/s, intact: {verify['ok']}); goal: 1,000,000 in ≤ 60 s.",
              f"Append one record: p50 {audit['insert']['append_one']['p50']:.2f} ms vs raw insert "
              f"{audit['insert']['raw_insert_floor']['p50']:.2f} ms (ratio {audit['insert']['ratio_p50']}).",
              "", "## Not measured yet", ""] + [f"- {item}" for item in NOT_YET]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", default=str(ROOT / "instance" / "var" / "bench"))
    args = parser.parse_args(argv)
    out = pathlib.Path(args.out)
    records = 20_000 if args.quick else 1_000_000
    report = {"profile": "quick" if args.quick else "full", "machine": machine(),
              "audit": bench_audit.run(out, records), "not_measured": NOT_YET}
    out.mkdir(parents=True, exist_ok=True)
    (out / f"report-{report['profile']}.json").write_text(json.dumps(report, indent=2))
    text = markdown(report)
    (out / f"report-{report['profile']}.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
