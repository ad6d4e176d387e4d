"""What every benchmark shares: timing statistics, bounded HTTP load, a Zope server by PID.

Every operation is measured against a floor in the same run; `compare` turns the two into the
report's row (N, concurrency, ops/s, p50/p95/p99, errors, conflict retries, ratio, goal).
Loads are bounded in time and count, and go to 127.0.0.1 only.
"""

import base64
import http.client
import os
import pathlib
import platform
from ratusha.instance.cluster import wait_http
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse


# Products.SiteErrorLog logs each ConflictError that ZPublisher retries, with this phrase
RETRY_MESSAGE = "Request will be retried"

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = pathlib.Path(sys.executable).parent


def percentiles(samples_ms) -> dict:
    """p50/p95/p99 (nearest rank) and the count of a list of milliseconds."""
    data = sorted(samples_ms)
    if not data:
        return {"n": 0, "p50": None, "p95": None, "p99": None, "mean": None}

    def rank(p):
        return round(data[min(len(data) - 1, max(0, int(round(p / 100 * len(data))) - 1))], 3)

    return {
        "n": len(data),
        "p50": rank(50),
        "p95": rank(95),
        "p99": rank(99),
        "mean": round(statistics.fmean(data), 3),
    }


def timed(function, repeat) -> dict:
    """Call `function` `repeat` times in this thread; percentiles of its wall time."""
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        samples.append((time.perf_counter() - began) * 1000)
    return percentiles(samples)


def ratio(app, floor, key="p50"):
    if not app or not floor or not app.get(key) or not floor.get(key):
        return None
    return round(app[key] / floor[key], 2)


def compare(name, app, floor, goal=None, goal_max=None, **extra) -> dict:
    """One row of the report: the application figure, its floor, their ratio against a goal."""
    value = ratio(app, floor)
    row = {"operation": name, "app": app, "floor": floor, "ratio": value, "goal": goal}
    if goal_max is not None and value is not None:
        row["met"] = value <= goal_max
    row.update(extra)
    return row


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for name in (
        "Products.CMFPlone",
        "Zope",
        "ZODB",
        "plone.restapi",
        "waitress",
        "RelStorage",
        "SQLAlchemy",
    ):
        try:
            from importlib.metadata import version

            versions[name] = version(name)
        except Exception:
            versions[name] = None
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "versions": versions,
    }


# -- HTTP load --------------------------------------------------------------------------------


class Client:
    """One keep-alive connection with a user's credentials (HTTP Basic, as REST clients do)."""

    def __init__(self, base_url, user=None, password=None, accept="application/json"):
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.prefix = parts.path.rstrip("/")
        self.headers = {"Accept": accept}
        if user:
            token = base64.b64encode(f"{user}:{password}".encode()).decode()
            self.headers["Authorization"] = f"Basic {token}"
        self.connection = None

    def request(self, method, path, body=None, headers=None):
        """(status, body bytes); reconnects once if the server closed the connection."""
        url = self.prefix + path
        send = dict(self.headers, **(headers or {}))
        if body is not None:
            send["Content-Type"] = "application/json"
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                self.connection.request(method, url, body=body, headers=send)
                response = self.connection.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, ConnectionError):
                self.close()
                if attempt == 2:
                    raise

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, data, **kw):
        import json

        return self.request("POST", path, body=json.dumps(data).encode(), **kw)

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def load(make_client, act, clients=1, seconds=10.0, max_ops=None, warmup=3) -> dict:
    """Run `act(client, worker, n) -> (status, body)` in `clients` threads, bounded in time.

    Each worker first makes `warmup` untimed calls. Returns ops/s over the timed window,
    latency percentiles, error counts (HTTP >= 400, 5xx and exceptions) and what act returned
    (as `results`, for correctness checks by the caller).
    """
    return paired({"": (make_client, act)}, clients, seconds, max_ops, warmup)[""]


def paired(cases, clients=1, seconds=10.0, max_ops=None, warmup=3) -> dict:
    """Several requests measured together: each worker takes them in turn, case by case.

    `cases` maps a name to (make_client, act). On a shared machine the load of others comes
    and goes; measured in turn, an operation and its floor meet the same conditions, so their
    ratio holds even when absolute times do not. Returns {name: result as `load` gives}.
    """
    names = list(cases)
    lock = threading.Lock()
    samples = {name: [] for name in names}
    statuses = {name: {} for name in names}
    results = {name: [] for name in names}
    failures = {name: [] for name in names}
    counter = [0]
    ready = threading.Barrier(clients + 1)
    deadline = [time.perf_counter() + 3600]

    def call(name, client, number, n):
        began = time.perf_counter()
        try:
            status, body = cases[name][1](client, number, n)
        except Exception as exc:  # a dropped connection is an error, not a crash
            status, body = 599, repr(exc).encode()
        return status, body, (time.perf_counter() - began) * 1000

    def worker(number):
        own = {name: cases[name][0](number) for name in names}
        try:
            for n in range(warmup):
                for name in names:
                    call(name, own[name], number, -1 - n)
            ready.wait()
            n = 0
            while time.perf_counter() < deadline[0]:
                with lock:
                    if max_ops is not None and counter[0] >= max_ops:
                        break
                    counter[0] += 1
                for name in names:
                    status, body, elapsed = call(name, own[name], number, n)
                    with lock:
                        samples[name].append(elapsed)
                        statuses[name][status] = statuses[name].get(status, 0) + 1
                        results[name].append((number, n, status, body))
                        if status >= 500 and len(failures[name]) < 3:
                            failures[name].append(body[:300].decode("utf-8", "replace"))
                n += 1
        finally:
            for client in own.values():
                client.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    began = time.perf_counter()
    deadline[0] = began + seconds
    for thread in threads:
        thread.join(seconds + 120)
    elapsed = time.perf_counter() - began
    found = {}
    for name in names:
        counts = statuses[name]
        done = len(samples[name])
        found[name] = dict(
            percentiles(samples[name]),
            concurrency=clients,
            seconds=round(elapsed, 2),
            ops=done,
            ops_s=round(done / elapsed, 2) if elapsed else None,
            errors=sum(c for s, c in counts.items() if s >= 400),
            http_5xx=sum(c for s, c in counts.items() if s >= 500),
            statuses={str(k): v for k, v in sorted(counts.items())},
            failures=failures[name],
            results=results[name],
            **({"paired_with": names} if len(names) > 1 else {}),
        )
    return found


def public(result) -> dict:
    """A load result without the per-request results (for the report)."""
    return {k: v for k, v in result.items() if k != "results"}


# -- a Zope instance over HTTP ----------------------------------------------------------------


class Server:
    """runwsgi on a site's etc/zope.ini (as `make start`), on a port of its own; stopped by PID."""

    def __init__(self, ini: pathlib.Path, port: int, log: pathlib.Path, env=None):
        self.ini, self.port, self.log = ini, port, log
        self.env = dict(os.environ, **(env or {}))
        self.process = None
        self.event_log = ini.parent.parent / "var" / "log" / "event.log"
        self.mark = 0

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.log.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.log, "ab")
        self.process = subprocess.Popen(
            [str(BIN / "runwsgi"), str(self.ini)],
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=self.env,
            start_new_session=True,
        )
        handle.close()
        wait_http(f"{self.url}/ok", seconds=180, pid=self.process.pid)
        return self

    @property
    def pid(self):
        return self.process.pid if self.process else None

    def stop(self):
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def mark_log(self):
        """Remember where event.log ends, to count conflict retries from here on."""
        self.mark = self.event_log.stat().st_size if self.event_log.exists() else 0

    def retries(self) -> dict:
        """Conflict retries logged since mark_log(): total and by conflicting class."""
        if not self.event_log.exists():
            return {"total": 0, "by_class": {}}
        with open(self.event_log, "rb") as handle:
            handle.seek(self.mark)
            text = handle.read().decode("utf-8", "replace")
        by_class = {}
        for line in text.splitlines():
            if RETRY_MESSAGE in line:
                found = re.search(r"class ([\w.]+)", line)
                name = found.group(1) if found else line.split(" at ")[0].rsplit(" ", 1)[-1]
                by_class[name] = by_class.get(name, 0) + 1
        return {"total": sum(by_class.values()), "by_class": by_class}


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_python(script, *args, timeout=3600, env=None) -> str:
    """Run a bench script in its own Python process (Zope state never leaks between steps)."""
    completed = subprocess.run(
        [sys.executable, str(HERE / script), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(os.environ, **(env or {})),
    )
    if completed.returncode:
        raise RuntimeError(
            f"{script} failed:\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}"
        )
    return completed.stdout


# -- profiling a server while it is loaded -----------------------------------------------------


class Spy:
    """py-spy attached to a server process for the duration of a `with` block (raw stacks)."""

    def __init__(self, pid, path: pathlib.Path, seconds=60):
        self.pid, self.path, self.seconds = pid, path, seconds
        self.process = None

    def __enter__(self):
        import shutil

        spy = shutil.which("py-spy") or str(BIN / "py-spy")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                spy,
                "record",
                "--pid",
                str(self.pid),
                "--duration",
                str(self.seconds),
                "--rate",
                "200",
                "--format",
                "raw",
                "--output",
                str(self.path),
                "--nonblocking",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1)
        return self

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # py-spy writes what it has on SIGINT
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def top(self, count=12, match=None) -> list:
        """The functions with most samples anywhere on the stack (inclusive), as percentages
        of the samples whose stack contains `match` (e.g. the publishing worker threads)."""
        if not self.path.exists():
            return []
        inclusive, total = {}, 0
        for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
            stack, _, samples = line.rpartition(" ")
            if not samples.isdigit():
                continue
            samples = int(samples)
            if match and match not in stack:
                continue
            total += samples
            for frame in set(stack.split(";")):
                inclusive[frame] = inclusive.get(frame, 0) + samples
        # frames on (nearly) every stack are the server itself: waitress, the publisher
        ranked = [
            item
            for item in sorted(inclusive.items(), key=lambda item: -item[1])
            if item[1] < 0.9 * total
        ]
        return (
            [{"frame": frame, "percent": round(100 * n / total, 1)} for frame, n in ranked[:count]]
            if total
            else []
        )
