"""Make tests/upgrades/fixtures/site-<tag>.tar.xz: a site made and used by a release, for the
upgrade test (tests/upgrades/test_from_1_0_0.py; docs/release.md says when to make one).

    .venv/bin/python tests/upgrades/make_fixture.py [--tag 1.0.0]

The release's own code makes everything: a git worktree of the tag is put first on the
PYTHONPATH of this virtualenv (its dependencies are the release's, pinned in constraints.txt),
then, as `make run` does, `ratusha-instance` and `ratusha-site` make the demo site, and
use_site.py holds the demo session (named and secret votes, protocol approved). The ZODB is
packed, SQLite's write-ahead logs are checkpointed, and the archive keeps what a backup of the
instance keeps: var/filestorage/Data.fs, var/blobstorage, var/*.sqlite, var/audit.key and
keys/ballot.key, with manifest.json: what use_site.py read back (site_state.read) before packing.
"""

import argparse
import os
import pathlib
import sqlite3
import subprocess
import sys
import tarfile
import tempfile


HERE = pathlib.Path(__file__).resolve().parent
CHECKOUT = HERE.parent.parent
KEPT = (
    "var/filestorage/Data.fs",
    "var/blobstorage",
    "var/audit.sqlite",
    "var/registry.sqlite",
    "var/ballots.sqlite",
    "var/audit.key",
    "var/admin-password",
    "keys/ballot.key",
)


def run(command, worktree, **env):
    print("+", " ".join(map(str, command)), flush=True)
    subprocess.run(
        command,
        cwd=worktree,
        check=True,
        env=dict(os.environ, PYTHONPATH=str(worktree / "src"), **env),
    )


def make_site(worktree: pathlib.Path, instance: pathlib.Path, manifest: pathlib.Path):
    python = sys.executable
    run(
        [
            python,
            "-c",
            "import ratusha, sys; assert ratusha.__file__.startswith(sys.argv[1])",
            str(worktree),
        ],
        worktree,
    )
    run([python, "-m", "ratusha.instance.config", "--instance", instance], worktree)
    config = instance / "etc" / "zope.conf"
    run([python, "-m", "ratusha.instance.site", "--config", config], worktree)
    run([python, HERE / "use_site.py", "--config", config, "--manifest", manifest], worktree)
    for name in ("audit.sqlite", "registry.sqlite", "ballots.sqlite"):
        with sqlite3.connect(instance / "var" / name) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def pack(instance: pathlib.Path, manifest: pathlib.Path, archive: pathlib.Path):
    def clean(info):
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    archive.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "w:xz", preset=9) as tar:
        tar.add(manifest, "manifest.json", filter=clean)
        for name in KEPT:
            tar.add(instance / name, name, filter=clean)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tag", default="1.0.0")
    parser.add_argument("--out", type=pathlib.Path)
    args = parser.parse_args(argv)
    archive = args.out or HERE / "fixtures" / f"site-{args.tag}.tar.xz"
    with tempfile.TemporaryDirectory(prefix="ratusha-fixture-") as folder:
        folder = pathlib.Path(folder)
        worktree, instance, manifest = folder / "release", folder / "instance", folder / "m.json"
        subprocess.run(
            ["git", "worktree", "add", "--detach", worktree, args.tag], cwd=CHECKOUT, check=True
        )
        try:
            make_site(worktree, instance, manifest)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", worktree], cwd=CHECKOUT)
        pack(instance, manifest, archive)
    print(f"{archive}: {archive.stat().st_size} bytes")


if __name__ == "__main__":
    main()
