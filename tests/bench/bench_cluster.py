"""Operation 8: read throughput with 1 and 2 Zope instances behind HAProxy, on RelStorage.

The bench site (its smallest snapshot) is converted into the cluster's PostgreSQL once; then the
same clients read through HAProxy twice: with the second instance in maintenance (HAProxy's
admin socket), and with both. The floor of the 2-instance figure is the 1-instance figure.
"""

import pathlib
import sys


HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_http import client  # noqa: E402
from bench_http import get  # noqa: E402
from bench_http import SITE  # noqa: E402
import datagen  # noqa: E402
from harness import free_port  # noqa: E402
from harness import load  # noqa: E402
from harness import public  # noqa: E402


GOAL = 1.8
ROUNDS = 4
READS = {
    "personal room page (HTML)": (f"{SITE}", "text/html"),
    "REST GET of a document": (f"{SITE}/{datagen.PLAIN_PAGE}", "application/json"),
}


def merge(rounds) -> dict:
    """One result from several rounds: ops/s over their total time, the median round's times."""
    seconds = sum(r["seconds"] for r in rounds)
    ops = sum(r["ops"] for r in rounds)
    middle = sorted(rounds, key=lambda r: r["p50"] or 0)[len(rounds) // 2]
    return dict(
        public(middle),
        ops=ops,
        seconds=round(seconds, 2),
        ops_s=round(ops / seconds, 2) if seconds else None,
        errors=sum(r["errors"] for r in rounds),
        http_5xx=sum(r["http_5xx"] for r in rounds),
        rounds=len(rounds),
    )


def cluster_for(out: pathlib.Path, instances=2, threads=2):
    from ratusha.instance.cluster import Cluster

    base = free_port()
    return Cluster(
        out / "cluster", instances=instances, port=base, pg_port=free_port(), threads=threads
    )


def missing():
    from ratusha.instance.cluster import missing_binaries

    return missing_binaries()


def measure(out: pathlib.Path, snapshot: pathlib.Path, seconds, clients=8, log=print) -> dict:
    cluster = cluster_for(out)
    source = snapshot / "var" / "filestorage" / "Data.fs"
    marker = out / "cluster" / "var" / "site-on-relstorage"
    converted_from = out / "cluster" / "converted-from"
    if marker.exists() and (
        not converted_from.exists() or converted_from.read_text() != str(source)
    ):
        marker.unlink()  # another snapshot: convert again
    try:
        cluster.start(convert=source if not marker.exists() else None, log=log)
        converted_from.write_text(str(source))
        rows = []
        for name, (path, accept) in READS.items():
            make = client(cluster.url, datagen.PROBE, accept=accept)
            for number in range(1, cluster.instances + 1):  # warm every instance's cache
                load(
                    client(
                        f"http://127.0.0.1:{cluster.instance_port(number)}",
                        datagen.PROBE,
                        accept=accept,
                    ),
                    get(path),
                    2,
                    2,
                )
            one, two = [], []
            for _round in range(ROUNDS):  # in turns, so both see the machine's other load alike
                cluster.haproxy_command("set server zope/z2 state maint")
                one.append(load(make, get(path), clients, seconds / ROUNDS, warmup=1))
                cluster.haproxy_command("set server zope/z2 state ready")
                two.append(load(make, get(path), clients, seconds / ROUNDS, warmup=1))
            one, two = merge(one), merge(two)
            scaling = round(two["ops_s"] / one["ops_s"], 2) if one["ops_s"] else None
            rows.append(
                {
                    "operation": f"8 read throughput, 2 instances vs 1 — {name}",
                    "N": None,
                    "concurrency": clients,
                    "app": two,
                    "floor": one,
                    "ratio": scaling,
                    "ratio_kind": "throughput (higher is better)",
                    "note": f"{ROUNDS} rounds each, 1 and 2 instances in turn",
                    "goal": f"≥ {GOAL}×",
                    "met": scaling is not None and scaling >= GOAL,
                    "setup": f"{cluster.instances} instances × {cluster.threads} threads, "
                    f"RelStorage (history-free) on PostgreSQL, HAProxy leastconn",
                }
            )
        return {"rows": rows}
    finally:
        cluster.stop(log=lambda _text: None)
