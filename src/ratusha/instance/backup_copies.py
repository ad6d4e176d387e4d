"""The pieces of a backup set, copied out and back: the ZODB (repozo), the blobs, the SQL
databases, the secrets and keys; and the backup folder's layout (see ratusha.instance.backup).

    BACKUP/chains/<full set id>/zodb/                 repozo's repository of the chain
    BACKUP/chains/<full set id>/sets/<set id>/        manifest.json, blobs/, sql/
    KEYS/<set id>/                                    manifest.json, var/, ratusha_keys/, ...
"""

import dataclasses
import datetime
import json
import os
import pathlib
from ratusha.instance import backup_rules as rules
import shutil
import sqlite3
import subprocess
import sys
import time


BIN = pathlib.Path(sys.executable).parent
MANIFEST = "manifest.json"
SECRET_SKIP = (".sqlite", ".sqlite-wal", ".sqlite-shm", ".sqlite-journal", ".pid", ".created")


class BackupError(RuntimeError):
    """Something the administrator must see and act on; the message says what."""


@dataclasses.dataclass
class Places:
    """Where an instance keeps what a backup needs (from the same environment as the site)."""

    var: pathlib.Path

    def __post_init__(self):
        self.var = pathlib.Path(self.var).resolve()
        os.environ["RATUSHA_VAR"] = str(self.var)  # the stores find their databases through it

    @property
    def datafs(self):
        return self.var / "filestorage" / "Data.fs"

    @property
    def blobs(self):
        return self.var / "blobstorage"

    def key_folders(self) -> dict:
        """name -> folder of keys kept apart (ballot key; the privacy keys of P1's encryption)."""
        found = {"ratusha_keys": os.environ.get("RATUSHA_KEYS")}
        found["privacy_keys"] = os.environ.get("RATUSHA_KEYS_DIR") or str(self.var / "keys")
        return {name: pathlib.Path(path) for name, path in found.items() if path}

    def secret_files(self) -> list[pathlib.Path]:
        """The secrets created in var (audit key, 2FA key, Jitsi secrets, admin password)."""
        return sorted(
            path
            for path in self.var.iterdir()
            if path.is_file() and not path.name.endswith(SECRET_SKIP)
        )

    def databases(self, made_only=True) -> dict:
        """name -> SQLAlchemy URL of every SQL database the capabilities use (`made_only`:
        the SQLite files that exist; a restore asks for all, into an empty var)."""
        from ratusha.core import config
        from ratusha.council.voting import urnstore
        from ratusha.registry import numbers

        urls = {config.database_url(), numbers.database_url(), urnstore.database_url()}
        urls |= {f"sqlite:///{path}" for path in self.var.glob("*.sqlite")}
        found = {}
        for url in sorted(urls):
            if url.startswith("sqlite:///"):
                path = pathlib.Path(url[len("sqlite:///") :])
                if (
                    path.exists() or not made_only
                ):  # made on first use (the ballots' at the first secret vote)
                    found[path.name] = url
            else:
                found[url.rsplit("/", 1)[-1].split("?")[0] + ".pgdump"] = url
        # the audit trail last: its head is the anchor of everything before it
        audit = config.database_url()
        return dict(sorted(found.items(), key=lambda item: (item[1] == audit, item[0])))


def load_environment(config: pathlib.Path) -> dict:
    """The <environment> of a zope.conf (with its %define names), so the tool finds what the
    site finds: RATUSHA_VAR, RATUSHA_KEYS, RATUSHA_JOURNAL. Set variables win."""
    defines, found, inside = {}, {}, False
    for line in pathlib.Path(config).read_text(encoding="utf-8").splitlines():
        words = line.split(None, 2)
        if words[:1] == ["%define"] and len(words) == 3:
            defines[words[1]] = words[2]
        elif line.strip().lower() == "<environment>":
            inside = True
        elif line.strip().lower() == "</environment>":
            inside = False
        elif inside and len(words) >= 2 and not words[0].startswith("#"):
            value = line.split(None, 1)[1].strip()
            for name, defined in defines.items():
                value = value.replace(f"${name}", defined)
            found[words[0]] = value
    for name, value in found.items():
        os.environ.setdefault(name, value)
    return found


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def write_json(path: pathlib.Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def read_json(path: pathlib.Path):
    return json.loads(path.read_text(encoding="utf-8"))


def run(command, **kwargs):
    done = subprocess.run([str(part) for part in command], capture_output=True, text=True, **kwargs)
    if done.returncode:
        raise BackupError(f"{pathlib.Path(command[0]).name} failed: {done.stderr or done.stdout}")
    return done


# ZODB: repozo


def repozo_command():
    found = BIN / "repozo"
    return [found] if found.exists() else [sys.executable, "-m", "ZODB.scripts.repozo"]


def _repozo_points(repository: pathlib.Path) -> list[str]:
    return sorted({path.name.split(".")[0] for path in repository.glob("*-*-*-*-*-*.*")})


def backup_zodb(places: Places, repository: pathlib.Path, full: bool) -> str:
    """repozo's backup (online: it copies the committed transactions); returns its point."""
    repository.mkdir(parents=True, exist_ok=True)
    points = _repozo_points(repository)
    if points and points[-1] == time.strftime("%Y-%m-%d-%H-%M-%S", time.gmtime()):
        time.sleep(1.05 - time.time() % 1)  # repozo names its files by the second
    run(
        [
            *repozo_command(),
            "-B",
            "-z",
            "-r",
            repository,
            "-f",
            places.datafs,
            *(["-F"] if full else []),
        ]
    )
    return _repozo_points(repository)[-1]


def zodb_files(repository: pathlib.Path, point: str, known: dict) -> dict:
    """The repozo files a restore to `point` reads, with their checksums (`known`: the last
    set's, for the files it had; repozo never rewrites a file, except a full's .dat list)."""
    return {
        path.name: known.get(path.name)
        if path.suffix in (".fs", ".fsz", ".deltafs", ".deltafsz") and path.name in known
        else rules.checksum(path)
        for path in sorted(repository.iterdir())
        if path.is_file() and path.name.split(".")[0] <= point and path.suffix != ".dat"
    }  # the .dat (repozo's own list of the chain's files) grows with every increment


# blobs: an incremental copy


def backup_blobs(source: pathlib.Path, target: pathlib.Path, previous: dict | None) -> dict:
    """Copy the blob tree; a file the last set has (same size and time) is hard-linked to it."""
    listed = {}
    previous_dir, previous_sums = previous or (None, {})
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source).as_posix()
        if not path.is_file() or relative.startswith("tmp/"):
            continue
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        before = previous_dir / relative if previous_dir else None
        stat = path.stat()
        if (
            before is not None
            and relative in previous_sums
            and before.exists()
            and before.stat().st_size == stat.st_size
            and before.stat().st_mtime_ns == stat.st_mtime_ns
        ):
            os.link(before, destination)
            listed[relative] = previous_sums[relative]
        else:
            shutil.copy2(path, destination)
            listed[relative] = rules.checksum(destination)
    return listed


# SQL


def _pg_tool(name: str) -> str:
    from ratusha.instance.cluster import postgres_bin

    folder = postgres_bin()
    found = (folder and folder / name) or shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} not found: install PostgreSQL's client (Debian postgresql-client)"
        )
    return str(found)


def _libpq(url: str):
    import sqlalchemy as sa

    parsed = sa.engine.make_url(url)
    env = dict(os.environ, PGPASSWORD=parsed.password or "")
    options = ["-h", parsed.host or "127.0.0.1", "-p", str(parsed.port or 5432)]
    options += ["-U", parsed.username or "postgres", "-d", parsed.database]
    return options, env


def backup_sql(url: str, target: pathlib.Path) -> None:
    """An online copy: SQLite's backup API (one consistent snapshot), else pg_dump."""
    if url.startswith("sqlite:///"):
        source = sqlite3.connect(f"file:{url[len('sqlite:///') :]}?mode=ro", uri=True, timeout=60)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return
    options, env = _libpq(url)
    run([_pg_tool("pg_dump"), "-Fc", "-f", target, *options], env=env)


def restore_sql(url: str, source: pathlib.Path) -> None:
    if url.startswith("sqlite:///"):
        target = pathlib.Path(url[len("sqlite:///") :])
        target.parent.mkdir(parents=True, exist_ok=True)
        for stale in target.parent.glob(target.name + "-*"):  # a WAL of the lost database
            stale.unlink()
        shutil.copy2(source, target)
        return
    options, env = _libpq(url)
    run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", *options, source], env=env)


def audit_head(url: str) -> dict:
    """The audit chain's head (seq, hash) in a database (a copied SQLite file, or PostgreSQL)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            seq, digest = connection.execute(
                sa.text("SELECT seq, hash FROM audit_head WHERE id = 1")
            ).one()
    finally:
        engine.dispose()
    return {"seq": seq, "hash": digest}


# secrets and keys: a separate folder


def _copy_tree(source: pathlib.Path, target: pathlib.Path) -> dict:
    listed = {}
    for path in sorted(source.rglob("*")):
        if path.is_file():
            destination = target / path.relative_to(source)
            destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.copy2(path, destination)
            listed[destination.relative_to(target).as_posix()] = rules.checksum(destination)
    return listed


def backup_keys(places: Places, target: pathlib.Path) -> dict:
    """The secrets of var and the key folders, into `target` (mode 0700): not with the data."""
    target.mkdir(mode=0o700, parents=True)
    listed = {}
    for path in places.secret_files():
        (target / "var").mkdir(mode=0o700, exist_ok=True)
        shutil.copy2(path, target / "var" / path.name)
        listed[f"var/{path.name}"] = rules.checksum(path)
    folders = {}
    for name, folder in places.key_folders().items():
        if folder.is_dir():
            folders[name] = str(folder)
            listed.update(
                {f"{name}/{key}": value for key, value in _copy_tree(folder, target / name).items()}
            )
    manifest = {"files": listed, "folders": folders}
    write_json(target / MANIFEST, manifest)
    return manifest


def restore_keys(places: Places, source: pathlib.Path) -> list[str]:
    manifest = read_json(source / MANIFEST)
    check(source, manifest["files"])
    restored = []
    for name in manifest["files"]:
        part, rest = name.split("/", 1)
        if part == "var":
            target = places.var / rest
        else:
            target = places.key_folders().get(part, pathlib.Path(manifest["folders"][part])) / rest
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copy2(source / name, target)
        restored.append(name)
    return restored


def check(folder: pathlib.Path, listed: dict) -> None:
    found = {name: rules.checksum(folder / name) for name in listed if (folder / name).is_file()}
    bad = rules.damaged(listed, found)
    if bad:
        raise BackupError(
            f"{len(bad)} file(s) missing or damaged in {folder}: {', '.join(bad[:5])}"
        )


# the backup folder: chains/<full set id>/{zodb, sets/<set id>/{manifest.json, blobs, sql}}


def chains(root: pathlib.Path) -> list[str]:
    return sorted(path.name for path in (root / "chains").glob("*") if path.is_dir())


def sets(root: pathlib.Path) -> list[tuple[str, str]]:
    """(chain, set id) of every finished set (one with a manifest), oldest first."""
    found = []
    for chain in chains(root):
        for folder in (root / "chains" / chain / "sets").glob("*"):
            if (folder / MANIFEST).exists():
                found.append((chain, folder.name))
    return sorted(found, key=lambda item: item[1])


def added_bytes(folder: pathlib.Path) -> int:
    """Bytes a set adds: its files not shared (hard-linked) with the set before."""
    return sum(
        path.stat().st_size
        for path in folder.rglob("*")
        if path.is_file() and path.stat().st_nlink == 1
    )


def find_set(root: pathlib.Path, identifier=None) -> tuple[str, str]:
    found = sets(root)
    if identifier:
        found = [item for item in found if item[1] == identifier]
    if not found:
        raise BackupError(f"No backup set {identifier or ''} in {root}".replace("  ", " "))
    return found[-1]


def audit_url() -> str:
    from ratusha.core import config

    return config.database_url()


def without_password(url: str) -> str:
    import sqlalchemy as sa

    return sa.engine.make_url(url).render_as_string(hide_password=True)


def prune(root: pathlib.Path, keep: int, keys_to=None) -> list[str]:
    """Retention: the `keep` newest chains stay (a full backup with its increments)."""
    dropped = rules.chains_to_drop(chains(root), keep)
    for chain in dropped:
        shutil.rmtree(root / "chains" / chain)
    if keys_to and chains(root):
        oldest = chains(root)[0]
        for folder in pathlib.Path(keys_to).glob("*"):
            if folder.is_dir() and folder.name < oldest:
                shutil.rmtree(folder)
    return dropped
