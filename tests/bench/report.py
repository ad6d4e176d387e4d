"""The Markdown report and the plot (latency vs N, latency vs concurrency) from a run's JSON."""

import pathlib


def _ms(value):
    return "–" if value is None else f"{value:.1f}"


def _verdict(row):
    if row.get("pending"):
        return "pending"
    if "met" not in row:
        return "reported"
    return "**met**" if row["met"] else "**missed**"


def rows_table(rows) -> list:
    lines = [
        "| operation | N | c | ops/s | p50 / p95 / p99 ms | errors | retries | floor p50 ms "
        "| ratio | goal | verdict |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        app = row.get("app") or {}
        floor = row.get("floor") or {}
        retries = (app.get("retries") or {}).get("total")
        n = f"{row['N']:,}" if row.get("N") else "–"
        lines.append(
            f"| {row['operation']} | {n} | {row.get('concurrency', '–')} | "
            f"{app.get('ops_s', '–')} | {_ms(app.get('p50'))} / {_ms(app.get('p95'))} / "
            f"{_ms(app.get('p99'))} | {app.get('errors', '–')} | "
            f"{'–' if retries is None else retries} | {_ms(floor.get('p50'))} | "
            f"{row.get('ratio') if row.get('ratio') is not None else '–'} | "
            f"{row.get('goal') or ''} | {_verdict(row)} |"
        )
    return lines


def audit_section(audit) -> list:
    lines = [
        f"## 6 Audit trail, {audit['records']:,} records (SQLite)",
        "",
        "| query | app p50 ms | raw SQL p50 ms | overhead ms | app p95 ms | goal |",
        "|---|---|---|---|---|---|",
    ]
    for q in audit["queries"]:
        met = "met" if q["overhead_ms_p50"] <= 10 else "missed"
        lines.append(
            f"| {q['query']} | {q['app']['p50']:.2f} | {q['raw_sql']['p50']:.2f} | "
            f"{q['overhead_ms_p50']:.2f} | {q['app']['p95']:.2f} | ≤ 10 ms: {met} |"
        )
    verify = audit["verify"]
    lines += [
        "",
        f"Verify: {verify['seconds']} s for {audit['records']:,} records "
        f"({verify['records_per_s']:,}/s, intact: {verify['ok']}); "
        "goal: 1,000,000 in ≤ 60 s.",
        f"Append one record: p50 {audit['insert']['append_one']['p50']:.2f} ms vs raw "
        f"insert {audit['insert']['raw_insert_floor']['p50']:.2f} ms "
        f"(ratio {audit['insert']['ratio_p50']}).",
        "",
    ]
    return lines


def markdown(report) -> str:
    m = report["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items() if v)
    lines = [
        f"# Ratusha benchmarks ({report['profile']} profile)",
        "",
        f"{m['date']}; {m['cpus']} × {m['cpu']}, {m['memory_gb']} GB; Python {m['python']}; "
        f"{versions}.",
        "",
        f"**This machine has {m['cpus']} cores** shared by the load generator, the Zope "
        "instance(s), HAProxy and PostgreSQL: ratios are the figures to read, absolute "
        "times are not comparable across machines.",
        "",
    ]
    data = report.get("data", {})
    if data:
        lines += ["## Data", ""]
        for n, info in sorted(data.items(), key=lambda item: int(item[0])):
            lines.append(
                f"- {int(n):,} documents, {info.get('users', 0):,} bench users, "
                f"{info.get('zodb_objects', 0):,} ZODB objects, "
                f"Data.fs {info.get('zodb_bytes', 0) / 2**20:,.0f} MB"
            )
        lines.append("")
    lines += ["## Operations against their floors", ""] + rows_table(report["rows"]) + [""]
    lines += [
        "Ratio = application p50 / floor p50; for 4 and 8 it is a throughput ratio (8 clerks "
        "/ 1 clerk; 2 instances / 1 instance). "
        "Retries = ConflictError retries (ZPublisher's, counted in the instance's "
        "event.log). "
        "Paired operations were measured in turn with their floor (same client, "
        "alternating), so both met the same load from the rest of the machine.",
        "",
    ]
    if report.get("growth"):
        g = report["growth"]
        lines += [
            f"REST search growth: N × {g['n_factor']} ({g['from']:,} → {g['to']:,}) made "
            f"p50 × {g['latency_factor']}"
            + (" — **grows about linearly with N**" if g["linear_in_n"] else " — sub-linear in N")
            + ".",
            "",
        ]
    for row in report["rows"]:
        if row.get("ratio_signed_in"):
            lines += [
                f"For my approval against a signed-in hello-world (`/ratusha/ok` as the same "
                f"user, {row['hello_signed_in']['p50']:.1f} ms) plus the catalog query: "
                f"ratio {row['ratio_signed_in']}; authentication and the site's request "
                "checks are the difference.",
                "",
            ]
        if row.get("operation", "").startswith("4 ") and row.get("app"):
            app = row["app"]
            one = row.get("floor") or {}
            lines += [
                f"Registration: {app.get('registered', 0)} registered in {app['seconds']} s "
                f"({row['registered_per_s']}/s), duplicates {row['duplicates']}, gap-free "
                f"{row['gap_free']}, HTTP 5xx {app['http_5xx']}, conflict retries "
                f"{(app.get('retries') or {}).get('total')} "
                f"{(app.get('retries') or {}).get('by_class') or ''}; one clerk alone: "
                f"{one.get('registered_per_s', '–')}/s.",
                "",
            ]
        if row.get("operation", "").startswith("5 ") and row.get("rounds"):
            lines += [
                f"Council vote: {row['rounds']} rounds of {row['N']} simultaneous votes, "
                f"each round {', '.join(f'{s:.2f}' for s in row['round_seconds'])} s "
                f"(slowest {row['slowest_round_s']:.2f} s); lost {row['lost']}, doubled "
                f"{row['doubled']}, counts exact: {row['exact']}, refused "
                f"{row['app']['errors']}, conflict retries "
                f"{row['app']['retries']['total']}.",
                "",
            ]
    if report.get("concurrency"):
        lines += [
            "## Latency against concurrency (largest N)",
            "",
            "| clients | personal room ops/s | p50 / p95 ms | REST GET ops/s | p50 / p95 ms |",
            "|---|---|---|---|---|",
        ]
        for c in report["concurrency"]:
            r, g = c["personal_room"], c["rest_get"]
            lines.append(
                f"| {c['concurrency']} | {r['ops_s']} | {_ms(r['p50'])} / {_ms(r['p95'])} "
                f"| {g['ops_s']} | {_ms(g['p50'])} / {_ms(g['p95'])} |"
            )
        lines.append("")
    if report.get("audit"):
        lines += audit_section(report["audit"])
    if report.get("profiles"):
        lines += ["## Profiles (py-spy, share of samples in the worker threads)", ""]
        for name, frames in report["profiles"].items():
            lines += [f"**{name}**", ""] + [f"- {f['percent']} % {f['frame']}" for f in frames]
            lines.append("")
    if report.get("notes"):
        lines += ["## Notes", ""] + [f"- {note}" for note in report["notes"]] + [""]
    return "\n".join(lines)


def plot(report, path: pathlib.Path) -> pathlib.Path | None:
    """Two panels: p50 latency of the reads against N, and against concurrency."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    by_n = report.get("by_n") or {}
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    sizes = sorted(int(n) for n in by_n)
    for key, label in (
        ("personal_room", "personal room"),
        ("worklist", "@worklist"),
        ("search", "@search"),
        ("document_view", "Plone document view"),
    ):
        values = [by_n[str(n)][key]["p50"] for n in sizes]
        left.plot(sizes, values, marker="o", label=label)
    left.set_xscale("log")
    left.set_xlabel("documents (N)")
    left.set_ylabel("p50 latency, ms (1 client)")
    left.set_title("Latency against N")
    left.legend()
    rows = report.get("concurrency") or []
    levels = [r["concurrency"] for r in rows]
    for key, label in (("personal_room", "personal room"), ("rest_get", "REST GET document")):
        right.plot(levels, [r[key]["p50"] for r in rows], marker="o", label=f"{label} p50")
        right.plot(
            levels, [r[key]["p95"] for r in rows], marker="x", linestyle="--", label=f"{label} p95"
        )
    right.set_xlabel("concurrent clients")
    right.set_ylabel("latency, ms")
    right.set_title("Latency against concurrency (largest N)")
    right.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path
