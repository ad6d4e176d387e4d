"""The buildout route of docs/install.md, end to end (`make test-buildout`, run by .ci/run).

In a temporary copy of the checkout, the documented commands one after the other:
1. a virtualenv with zc.buildout at the versions pinned in buildout.cfg;
2. buildout, with the instance on a free port of 127.0.0.1;
3. bin/ratusha-site, which creates the site and the administrator's password file;
4. bin/instance fg; the administrator signs in with that password, a demo registrar signs in
   with @login and registers an incoming document through @registry-register;
5. the instance is stopped.
No RATUSHA_* variable is passed on: the route must work as the documentation describes it.
Buildout keeps its eggs in a cache folder (--eggs) so that only the first run downloads them.
Not collected by `make test` (its name does not start with test_).
"""

import argparse
import configparser
import os
import pathlib
import requests
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time


ROOT = pathlib.Path(__file__).resolve().parents[2]
CACHE = pathlib.Path(os.environ.get("XDG_CACHE_HOME", pathlib.Path.home() / ".cache"))
PYTHON = shutil.which("python3.11") or sys.executable
STARTED = time.monotonic()

for name in [name for name in os.environ if name.startswith("RATUSHA_")]:
    del os.environ[name]
from ratusha.core.demo import DEMO_PASSWORD  # noqa: E402  (read after the clean-up above)


def step(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.0f}s] {message}", flush=True)


def run(*command, cwd: pathlib.Path) -> None:
    step(" ".join(str(part) for part in command))
    subprocess.run([str(part) for part in command], cwd=cwd, check=True)


def copy_checkout(target: pathlib.Path) -> None:
    """The tracked and new files, not the ignored ones: no .venv, no instance/var, no bin/."""
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for name in filter(None, listing.split("\0")):
        source = ROOT / name
        if source.exists() or source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name, follow_symlinks=False)


def buildout_pins(checkout: pathlib.Path) -> list[str]:
    """zc.buildout and its own dependency as buildout.cfg's [versions] pin them."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(checkout / "buildout.cfg")
    return [f"{name}=={parser['versions'][name]}" for name in ("zc.buildout", "platformdirs")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(url: str, instance: subprocess.Popen, seconds: int = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if instance.poll() is not None:
            raise RuntimeError(f"bin/instance fg exited with {instance.returncode}")
        try:
            if requests.get(url, timeout=60).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or the first page still rendering
            pass
        time.sleep(1)
    raise RuntimeError(f"{url} did not answer within {seconds}s")


def exercise(base: str, admin_password: str) -> None:
    """The administrator's password is the generated one; a registrar registers a document."""
    admin = requests.get(
        f"{base}/@users",
        auth=("admin", admin_password),
        timeout=30,
        headers={"Accept": "application/json"},
    )
    assert admin.status_code == 200, admin.text
    wrong = requests.get(
        f"{base}/@users",
        auth=("admin", "change-me"),
        timeout=30,
        headers={"Accept": "application/json"},
    )
    assert wrong.status_code == 401, wrong.status_code
    step("administrator signed in with the password from instance/var/admin-password")

    json_headers = {"Accept": "application/json", "Content-Type": "application/json"}
    login = requests.post(
        f"{base}/@login",
        headers=json_headers,
        timeout=30,
        json={"login": "registrar", "password": DEMO_PASSWORD},
    )
    assert login.status_code == 200, login.text
    signed_in = dict(json_headers, Authorization=f"Bearer {login.json()['token']}")
    step("demo registrar signed in through @login")

    reply = requests.post(
        f"{base}/@registry-register",
        headers=signed_in,
        timeout=60,
        json={
            "register": "incoming",
            "title": "Сигнал от проверката на buildout",
            "kind": "signal",
            "channel": "email",
            "sender_name": "Петър Петров",
        },
    )
    assert reply.status_code == 201, reply.text
    document = reply.json()
    assert document["review_state"] == "registered", document
    again = requests.get(document["@id"], headers=signed_in, timeout=30).json()
    assert again["registry"]["number"] == document["number"], again
    step(f"registered incoming document {document['number']}")


def audited_registrations(var: pathlib.Path) -> int:
    """The audit trail is written to instance/var only if the instance has RATUSHA_VAR."""
    with sqlite3.connect(var / "audit.sqlite") as database:
        return database.execute(
            "select count(*) from audit_record where action = 'registry.register'"
        ).fetchone()[0]


def stop(instance: subprocess.Popen) -> None:
    """SIGTERM to the instance's own process group (fg may run the server as a child)."""
    if instance.poll() is None:
        os.killpg(instance.pid, signal.SIGTERM)
        try:
            instance.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(instance.pid, signal.SIGKILL)
            instance.wait()
    step(f"instance stopped ({instance.returncode})")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--eggs",
        type=pathlib.Path,
        default=CACHE / "ratusha" / "buildout-eggs",
        help="buildout's eggs folder, kept between runs (default: %(default)s)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy")
    args = parser.parse_args(argv)

    checkout = pathlib.Path(tempfile.mkdtemp(prefix="ratusha-buildout-"))
    step(f"copying the checkout to {checkout}")
    copy_checkout(checkout)
    port = free_port()
    instance = None
    try:
        run(PYTHON, "-m", "venv", ".buildout-venv", cwd=checkout)
        run(
            ".buildout-venv/bin/pip",
            "install",
            "-q",
            "-c",
            "constraints.txt",
            *buildout_pins(checkout),
            cwd=checkout,
        )
        args.eggs.mkdir(parents=True, exist_ok=True)
        run(
            ".buildout-venv/bin/buildout",
            "-N",
            f"buildout:eggs-directory={args.eggs}",
            f"instance:http-address=127.0.0.1:{port}",
            cwd=checkout,
        )
        zope_conf = (checkout / "parts/instance/etc/zope.conf").read_text(encoding="utf-8")
        assert "RATUSHA_VAR" in zope_conf and "RATUSHA_KEYS" in zope_conf, zope_conf
        assert not (checkout / "parts/instance/inituser").exists()
        run(
            "bin/ratusha-site",
            "--config",
            "parts/instance/etc/zope.conf",
            "--var",
            "instance/var",
            cwd=checkout,
        )

        step(f"bin/instance fg on 127.0.0.1:{port}")
        log = open(checkout / "instance-fg.log", "wb")
        instance = subprocess.Popen(
            ["bin/instance", "fg"],
            cwd=checkout,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}/ratusha"
        wait_until_serving(base, instance)
        step("serving")
        password = (checkout / "instance/var/admin-password").read_text(encoding="utf-8").strip()
        exercise(base, password)
        assert audited_registrations(checkout / "instance/var") >= 1
        step("the registration is on the audit trail in instance/var/audit.sqlite")
    except BaseException:
        args.keep = True
        if (checkout / "instance-fg.log").exists():
            print((checkout / "instance-fg.log").read_text(errors="replace")[-4000:])
        raise
    finally:
        if instance is not None:
            stop(instance)
        if args.keep:
            step(f"kept {checkout}")
        else:
            shutil.rmtree(checkout)
    step("the buildout route works")
    return 0


if __name__ == "__main__":
    sys.exit(main())
