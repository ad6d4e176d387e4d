"""Bench sites on disk: one growing build, a kept snapshot per size, a fresh work copy per run.

<out>/build/          datagen.py grows this site (resumable)
<out>/data-<N>/var/   the site as it was at N documents (built once, reused by every run)
<out>/work/           copied from a snapshot before it is served: the operations write
                      (transitions, registrations), the snapshots stay as built
"""

import json
import pathlib
import shutil
import subprocess
import sys
import time


HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import datagen  # noqa: E402


SKIP = shutil.ignore_patterns("*.lock", "*.pid", "*.tmp", "Data.fs.index_tmp", "cache")


def snapshot(out: pathlib.Path, documents: int) -> pathlib.Path:
    return out / f"data-{documents}"


def info(site: pathlib.Path) -> dict:
    path = site / "bench-data.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def copy_site(source: pathlib.Path, target: pathlib.Path, port=8080):
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copytree(source / "var", target / "var", ignore=SKIP)
    if (source / "bench-data.json").exists():
        shutil.copy2(source / "bench-data.json", target / "bench-data.json")
    datagen.write_config(target, port=port)
    return target


def build(out: pathlib.Path, documents: int, log=print):
    """Grow the build site to `documents` (a process of its own, its progress logged)."""
    site = out / "build"
    command = [
        sys.executable,
        str(HERE / "datagen.py"),
        "--site",
        str(site),
        "--documents",
        str(documents),
    ]
    began = time.perf_counter()
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        tail = []
        for line in process.stdout:
            tail = (tail + [line])[-40:]
            if line.strip().endswith("/s)") or line.startswith(("1000 people", "Creating")):
                log("  datagen: " + line.strip())
    if process.returncode:
        raise RuntimeError("datagen failed:\n" + "".join(tail))
    log(f"  built {documents:,} documents in {time.perf_counter() - began:.0f} s")
    return site


def ensure(out: pathlib.Path, stages, log=print) -> dict:
    """Every stage's snapshot, built (once) in ascending order: {N: snapshot folder}."""
    found = {}
    for documents in sorted(stages):
        target = snapshot(out, documents)
        if not info(target).get("documents") == documents:
            log(f"Building the bench site with {documents:,} documents (once) ...")
            build(out, documents, log)
            copy_site(out / "build", target)
        found[documents] = target
    return found


def work_copy(out: pathlib.Path, source: pathlib.Path, port: int) -> pathlib.Path:
    began = time.perf_counter()
    target = copy_site(source, out / "work", port=port)
    (target / "var" / "log").mkdir(exist_ok=True)
    for log in (target / "var" / "log").glob("*.log"):
        log.unlink()
    data = target / "var" / "filestorage" / "Data.fs"
    return target, {
        "copy_s": round(time.perf_counter() - began, 1),
        "data_fs_mb": round(data.stat().st_size / 2**20),
    }
