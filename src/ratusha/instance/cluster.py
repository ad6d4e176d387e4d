"""`make run-cluster` / `make stop-cluster`: PostgreSQL, N Zope instances on RelStorage, HAProxy.

Everything runs on loopback from Debian's binaries (postgresql, haproxy) and this venv, under
one folder (default instance/var/cluster):

    pg/data, pg/log      a private PostgreSQL cluster (ZODB, audit trail, registry numbers,
                         attendance: one database)
    var/                 RATUSHA_VAR shared by the instances: secrets, admin password
    etc/zN/              instance N's zope.conf (relstorage.conf.in) and zope.ini
    zN/                  instance N's logs and blob cache
    haproxy.cfg          leastconn, health checks, sticky on __ac
    run/*.pid            every process this tool started; `stop` ends exactly those

The site is created on RelStorage with the demo profile, or converted from a FileStorage
(`--convert path/to/Data.fs`, e.g. a bench site) with zodbconvert.
"""

import argparse
import dataclasses
import glob
import http.client
import os
import pathlib
import pwd
from ratusha.instance.config import render
from ratusha.instance.config import TEMPLATES
import re
import shutil
import signal
import subprocess
import sys
import time


HERE = pathlib.Path(__file__).resolve().parent
BIN = pathlib.Path(sys.executable).parent
DATABASE = "ratusha"


def find_templates() -> pathlib.Path:
    """instance/ of the checkout, else the templates packed in the wheel."""
    for candidate in (pathlib.Path.cwd() / "instance", HERE.parents[2] / "instance", TEMPLATES):
        if (candidate / "relstorage.conf.in").exists():
            return candidate
    raise FileNotFoundError("relstorage.conf.in not found in instance/ nor in the package")


def postgres_bin() -> pathlib.Path | None:
    """The newest Debian PostgreSQL's binaries, or None when postgresql is not installed."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0,
    )
    return pathlib.Path(found[-1]).parent if found else None


def haproxy_bin() -> str | None:
    return shutil.which("haproxy") or (os.path.exists("/usr/sbin/haproxy") and "/usr/sbin/haproxy")


def missing_binaries() -> list[str]:
    """What the cluster needs from Debian and this machine lacks (empty: all there)."""
    missing = []
    if postgres_bin() is None:
        missing.append("postgresql (Debian package)")
    if not haproxy_bin():
        missing.append("haproxy (Debian package)")
    try:
        import psycopg2  # noqa: F401
        import relstorage  # noqa: F401
    except ImportError:
        missing.append("RelStorage and psycopg2 (pip install -e '.[cluster]')")
    return missing


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie of ours is not alive
        state = pathlib.Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        return state != "Z"
    except OSError:
        return False


def wait_http(url, seconds=180, pid=None):
    match = re.match(r"http://([^:/]+):(\d+)(/.*)?", url)
    host, port, path = match.group(1), int(match.group(2)), match.group(3) or "/"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if pid is not None and not alive(pid):
            raise RuntimeError(f"process {pid} exited before {url} answered")
        try:
            connection = http.client.HTTPConnection(host, port, timeout=5)
            connection.request("GET", path)
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


class Postgres:
    """A private PostgreSQL cluster on loopback, owned by the postgres user when we are root."""

    def __init__(self, folder: pathlib.Path, port: int, durable: bool = True):
        self.folder, self.port, self.durable = folder, port, durable
        self.data, self.log = folder / "data", folder / "log"
        self.bin = postgres_bin()

    def _as_owner(self, command):
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *command]
        return command

    def _run(self, *command, check=True):
        done = subprocess.run(
            self._as_owner([str(self.bin / command[0]), *command[1:]]),
            capture_output=True,
            text=True,
        )
        if check and done.returncode:
            raise RuntimeError(
                f"{command[0]} failed: {done.stderr.strip() or done.stdout.strip()}"
                " (as root, the postgres user must be able to enter every folder "
                "above the cluster's)"
            )
        return done

    @property
    def url(self):
        """SQLAlchemy URL (psycopg 3) for the audit trail, numbers and attendance."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{DATABASE}"

    @property
    def dsn(self):
        """libpq DSN for RelStorage (psycopg2)."""
        return f"dbname='{DATABASE}' user='postgres' host='127.0.0.1' port='{self.port}'"

    def init(self):
        if (self.data / "PG_VERSION").exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.folder}'",
            "max_connections": 200,
            "shared_buffers": "'256MB'",
            "work_mem": "'16MB'",
            # each ZODB commit is one PostgreSQL commit: keep them durable unless told not to
            "fsync": "on" if self.durable else "off",
            "synchronous_commit": "on" if self.durable else "off",
        }
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as handle:
            handle.write("\n# ratusha-cluster\n")
            handle.writelines(f"{key} = {value}\n" for key, value in settings.items())

    def pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def start(self):
        self.init()
        pid = self.pid()
        if pid and alive(pid):
            return
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-w",
            "-t",
            "60",
            "-l",
            str(self.log),
            "-o",
            f"-p {self.port}",
            "start",
        )
        found = self._run(
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'",
        )
        if found.stdout.strip() != "1":
            self._run(
                "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", DATABASE
            )

    def stop(self):
        pid = self.pid()
        if pid and alive(pid):
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)


@dataclasses.dataclass
class Cluster:
    folder: pathlib.Path
    instances: int = 2
    port: int = 8090  # HAProxy; instance N listens on port + N
    pg_port: int = 54330
    host: str = "127.0.0.1"
    threads: int = 2
    cache_size: int = 50000
    cache_local_mb: int = 256
    blob_cache_size: str = "512mb"
    durable: bool = True

    def __post_init__(self):
        self.folder = pathlib.Path(self.folder).resolve()
        self.run = self.folder / "run"
        self.var = self.folder / "var"
        self.postgres = Postgres(self.folder / "pg", self.pg_port, self.durable)

    def instance_port(self, number):
        return self.port + number

    @property
    def url(self):
        return f"http://{self.host}:{self.port}"

    def env(self, number=0) -> dict:
        env = dict(
            os.environ,
            RATUSHA_AUDIT_DB=self.postgres.url,
            RATUSHA_VAR=str(self.var),
            RATUSHA_KEYS=str(self.folder / "keys"),
            RATUSHA_JOURNAL=str(self.folder / "journal"),
        )
        env.pop("RATUSHA_REGISTRY_DB", None)  # numbers go where the audit trail goes
        if number:
            env["RATUSHA_INSTANCE_NAME"] = f"z{number}"
        return env

    # configuration

    def configure(self, number) -> pathlib.Path:
        """etc/zN/zope.conf on RelStorage and zope.ini on its own port; the ini's path."""
        templates = find_templates()
        etc, home = self.folder / "etc" / f"z{number}", self.folder / f"z{number}"
        for folder in (etc, home / "log", home / "blobcache", self.var / "cache"):
            folder.mkdir(parents=True, exist_ok=True)
        (home / "blobcache").chmod(0o700)
        render(
            templates / "zope.conf.in",
            etc / "zope.conf",
            instance=self.folder,
            var=self.var,
            etc=etc,
        )
        storage = (templates / "relstorage.conf.in").read_text(encoding="utf-8")
        for key, value in dict(
            cache_size=self.cache_size,
            blob_cache=home / "blobcache",
            blob_cache_size=self.blob_cache_size,
            cache_local_mb=self.cache_local_mb,
            dsn=self.postgres.dsn,
        ).items():
            storage = storage.replace("{" + key + "}", str(value))
        storage = "\n".join(line for line in storage.splitlines() if not line.startswith("#"))
        conf = (etc / "zope.conf").read_text(encoding="utf-8")
        conf = re.sub(r"<zodb_db main>.*?</zodb_db>", lambda _m: storage.strip(), conf, flags=re.S)
        (etc / "zope.conf").write_text(conf, encoding="utf-8")
        render(
            templates / "zope.ini.in",
            etc / "zope.ini",
            var=home,
            etc=etc,
            host=self.host,
            port=self.instance_port(number),
        )
        ini = (etc / "zope.ini").read_text(encoding="utf-8")
        (etc / "zope.ini").write_text(
            re.sub(r"(?m)^threads = \d+", f"threads = {self.threads}", ini), encoding="utf-8"
        )
        return etc / "zope.ini"

    def configure_haproxy(self) -> pathlib.Path:
        servers = "\n".join(
            f"    server z{n} {self.host}:{self.instance_port(n)} check inter 2s fall 3 rise 2 "
            f"maxconn {self.threads}"
            for n in range(1, self.instances + 1)
        )
        target = self.folder / "haproxy.cfg"
        render(
            find_templates() / "haproxy.cfg.in",
            target,
            run=self.run,
            host=self.host,
            port=self.port,
            servers=servers,
        )
        return target

    # processes

    def _pidfile(self, name):
        return self.run / f"{name}.pid"

    def _started(self, name) -> int | None:
        try:
            pid = int(self._pidfile(name).read_text())
        except (OSError, ValueError):
            return None
        return pid if alive(pid) else None

    def create_site(self, convert: pathlib.Path | None = None, log=print):
        marker = self.var / "site-on-relstorage"
        if marker.exists():
            return
        self.configure(1)
        if convert is not None:
            self.convert(pathlib.Path(convert), log)
        log("Creating (or checking) the site on RelStorage ...")
        subprocess.run(
            [
                str(BIN / "ratusha-site"),
                "--config",
                str(self.folder / "etc" / "z1" / "zope.conf"),
                "--var",
                str(self.var),
            ],
            check=True,
            env=self.env(1),
        )
        marker.write_text("created\n", encoding="utf-8")

    def convert(self, source: pathlib.Path, log=print):
        """Copy a FileStorage (and its blobs) into the empty RelStorage database."""
        blobs = source.parent.parent / "blobstorage"
        config = self.folder / "etc" / "zodbconvert.conf"
        config.write_text(
            f"""%import relstorage
<filestorage source>
    path {source}
    blob-dir {blobs}
    read-only true
</filestorage>
<relstorage destination>
    keep-history false
    blob-dir {self.folder / "convert-blobs"}
    shared-blob-dir false
    <postgresql>
        dsn {self.postgres.dsn}
    </postgresql>
</relstorage>
""",
            encoding="utf-8",
        )
        log(f"Converting {source} to RelStorage ...")
        subprocess.run(
            [str(BIN / "zodbconvert"), "--clear", str(config)], check=True, capture_output=True
        )
        shutil.rmtree(self.folder / "convert-blobs", ignore_errors=True)
        for name in ("audit.key", "admin-password"):
            if (source.parent.parent / name).exists():
                shutil.copy2(source.parent.parent / name, self.var / name)

    def start_instance(self, number) -> int:
        name = f"z{number}"
        pid = self._started(name)
        if pid:
            return pid
        ini = self.configure(number)
        home = self.folder / name
        with open(home / "log" / "console.log", "ab") as out:
            process = subprocess.Popen(
                [str(BIN / "runwsgi"), str(ini)],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=self.env(number),
                start_new_session=True,
                cwd=self.folder,
            )
        self._pidfile(name).write_text(str(process.pid))
        return process.pid

    def start_haproxy(self) -> int:
        pid = self._started("haproxy")
        if pid:
            return pid
        config = self.configure_haproxy()
        subprocess.run([haproxy_bin(), "-c", "-q", "-f", str(config)], check=True)
        subprocess.run(
            [haproxy_bin(), "-D", "-f", str(config), "-p", str(self._pidfile("haproxy"))],
            check=True,
        )
        for _ in range(50):
            pid = self._started("haproxy")
            if pid:
                return pid
            time.sleep(0.1)
        raise RuntimeError("haproxy did not start")

    def start(self, convert=None, log=print):
        missing = missing_binaries()
        if missing:
            raise SystemExit("The cluster needs: " + ", ".join(missing))
        self.run.mkdir(parents=True, exist_ok=True)
        self.var.mkdir(parents=True, exist_ok=True)
        log(f"PostgreSQL on 127.0.0.1:{self.pg_port} ({self.postgres.data})")
        self.postgres.start()
        self.create_site(convert, log)
        pids = {n: self.start_instance(n) for n in range(1, self.instances + 1)}
        for number, pid in pids.items():
            wait_http(f"http://{self.host}:{self.instance_port(number)}/ok", pid=pid)
            log(f"Zope z{number} on {self.host}:{self.instance_port(number)} (pid {pid})")
        pid = self.start_haproxy()
        wait_http(f"{self.url}/ok")
        log(f"HAProxy on {self.url} (pid {pid}); site {self.url}/ratusha")
        return self

    def stop(self, log=print):
        """End what `start` started, by the PIDs it wrote, then PostgreSQL."""
        names = ["haproxy"] + sorted((p.stem for p in self.run.glob("z*.pid")), reverse=True)
        for name in names:
            pid = self._started(name)
            if pid:
                os.kill(pid, signal.SIGTERM)
                for _ in range(300):
                    if not alive(pid):
                        break
                    time.sleep(0.1)
                else:
                    os.kill(pid, signal.SIGKILL)
                log(f"stopped {name} (pid {pid})")
            self._pidfile(name).unlink(missing_ok=True)
        if self.postgres.pid():
            self.postgres.stop()
            log("stopped PostgreSQL")

    def status(self) -> dict:
        names = ["haproxy"] + sorted(p.stem for p in self.run.glob("z*.pid"))
        found = {name: self._started(name) for name in names}
        pid = self.postgres.pid()
        found["postgresql"] = pid if pid and alive(pid) else None
        return found

    def haproxy_command(self, command: str) -> str:
        """A command on HAProxy's admin socket, e.g. `set server zope/z2 state maint`."""
        import socket

        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.connect(str(self.run / "haproxy.sock"))
            sock.sendall(command.encode() + b"\n")
            chunks = []
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        return b"".join(chunks).decode()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("start", "stop", "status"))
    parser.add_argument("--dir", default=os.environ.get("CLUSTER_DIR", "instance/var/cluster"))
    env = os.environ.get
    parser.add_argument("--instances", type=int, default=int(env("CLUSTER_INSTANCES", 2)))
    parser.add_argument("--port", type=int, default=int(env("CLUSTER_PORT", 8090)))
    parser.add_argument("--pg-port", type=int, default=int(env("CLUSTER_PG_PORT", 54330)))
    parser.add_argument("--threads", type=int, default=2, help="waitress threads per instance")
    parser.add_argument("--convert", type=pathlib.Path, help="a FileStorage Data.fs to start from")
    args = parser.parse_args(argv)
    cluster = Cluster(
        pathlib.Path(args.dir),
        instances=args.instances,
        port=args.port,
        pg_port=args.pg_port,
        threads=args.threads,
    )
    if args.command == "start":
        cluster.start(convert=args.convert)
        print(f"make stop-cluster stops it (PIDs in {cluster.run})")
    elif args.command == "stop":
        cluster.stop()
    else:
        for name, pid in cluster.status().items():
            print(f"{name:<12} {'running, pid ' + str(pid) if pid else 'not running'}")


if __name__ == "__main__":
    main()
