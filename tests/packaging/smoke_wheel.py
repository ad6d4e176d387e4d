"""`make test-wheel`: build the sdist and wheel, install the wheel alone, serve a site from it.

Run with any Python 3.11+ (standard library only); not collected by pytest (it needs a virtualenv of
its own). Steps, all in one temporary folder and from outside the checkout, so nothing is imported
from src/:
1. the pinned `build` builds the sdist, then the wheel from that sdist (PIP_CONSTRAINT pins the
   setuptools and wheel of its isolated build environment);
2. a fresh virtualenv gets the wheel, not editable, with constraints.txt; every distribution it
   ends up with must be pinned there;
3. the wheel's own `ratusha-instance` and `ratusha-site` make an instance and a site with
   ratusha:default and ratusha:demo; `runwsgi` serves it on a free 127.0.0.1 port;
4. the smoke test: the front page is Ratusha's, themed and in Bulgarian; a demo registrar signs in
   through REST @login, reads the personal room and registers an incoming document, which lands in
   Ratusha's workflow with its state titled in Bulgarian.
Keeps the folder when a step fails (its path is printed) and removes it otherwise.
"""

import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request


ROOT = pathlib.Path(__file__).resolve().parents[2]
CONSTRAINTS = ROOT / "constraints.txt"
PYTHON = os.environ.get("WHEEL_PYTHON") or shutil.which("python3.11") or sys.executable
DEMO_PASSWORD = "ratusha-demo"
ADMIN_PASSWORD = "wheel-smoke-admin"


def step(title: str) -> None:
    print(f"--- {title}", flush=True)


def run(*args, **kwargs) -> None:
    subprocess.run([str(arg) for arg in args], check=True, **kwargs)


def venv(folder: pathlib.Path) -> pathlib.Path:
    run(PYTHON, "-m", "venv", folder)
    run(
        folder / "bin" / "python",
        "-m",
        "pip",
        "install",
        "-q",
        "-c",
        CONSTRAINTS,
        "pip",
        "setuptools",
        "wheel",
    )
    return folder / "bin"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(url: str, data=None, token=None, method=None) -> tuple[int, str]:
    headers = {"Accept": "application/json" if data is not None or token else "text/html"}
    body = None
    if data is not None:
        body = json.dumps(data).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def build(work: pathlib.Path) -> pathlib.Path:
    step("build the sdist, then the wheel from it, with the pinned build and setuptools")
    tools = venv(work / "tools")
    run(tools / "pip", "install", "-q", "-c", CONSTRAINTS, "build")
    env = dict(os.environ, PIP_CONSTRAINT=str(CONSTRAINTS))
    with open(work / "build.log", "wb") as log:
        run(
            tools / "python",
            "-m",
            "build",
            "--outdir",
            work / "dist",
            ROOT,
            env=env,
            cwd=work,
            stdout=log,
        )
    (wheel,) = (work / "dist").glob("ratusha-*.whl")
    return wheel


def install(work: pathlib.Path, wheel: pathlib.Path) -> pathlib.Path:
    step(f"install {wheel.name} into a fresh virtualenv (constraints.txt only)")
    bin_ = venv(work / "venv")
    run(bin_ / "pip", "install", "-q", "-c", CONSTRAINTS, wheel, cwd=work)
    where = subprocess.run(
        [bin_ / "python", "-c", "import ratusha; print(ratusha.__file__)"],
        cwd=work,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert str(work / "venv") in where, f"ratusha imported from {where}"
    frozen = subprocess.run(
        [bin_ / "pip", "list", "--format=freeze"],
        cwd=work,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    unpinned = names(frozen) - names(CONSTRAINTS.read_text(encoding="utf-8")) - {"ratusha"}
    assert not unpinned, f"installed without a pin in constraints.txt: {sorted(unpinned)}"
    return bin_


def names(requirements: str) -> set[str]:
    """Normalised distribution names of `name==version` lines."""
    return {
        re.sub(r"[-_.]+", "-", line.split("==")[0]).lower()
        for line in requirements.splitlines()
        if "==" in line
    }


def serve(work: pathlib.Path, bin_: pathlib.Path, port: int) -> subprocess.Popen:
    step("ratusha-instance, ratusha-site (ratusha:default + ratusha:demo), runwsgi")
    env = dict(
        os.environ, RATUSHA_ADMIN_PASSWORD=ADMIN_PASSWORD, RATUSHA_DEMO_PASSWORD=DEMO_PASSWORD
    )
    instance = work / "instance"
    run(bin_ / "ratusha-instance", "--instance", instance, "--port", port, cwd=work, env=env)
    run(bin_ / "ratusha-site", "--config", instance / "etc" / "zope.conf", cwd=work, env=env)
    log = open(work / "runwsgi.log", "wb")
    server = subprocess.Popen(
        [bin_ / "runwsgi", instance / "etc" / "zope.ini"],
        cwd=work,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(240):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(f"runwsgi stopped; see {work / 'runwsgi.log'}")
            time.sleep(0.5)
    raise RuntimeError("runwsgi did not listen within 120 s")


def smoke(site: str) -> None:
    step(f"smoke test against {site}")
    status, page = request(site)
    assert status == 200, status
    assert 'lang="bg"' in page, "front page not in Bulgarian"
    assert "++plone++ratusha/ratusha.css" in page, "Ratusha's stylesheet is not on the front page"
    assert "Вход за служители и общински съветници" in page, "front page text not translated"

    status, reply = request(f"{site}/@login", {"login": "registrar", "password": DEMO_PASSWORD})
    assert status == 200, (status, reply)
    token = json.loads(reply)["token"]

    status, reply = request(f"{site}/@personal-room", token=token)
    assert status == 200, (status, reply[:300])
    print("  personal room:", sorted(json.loads(reply))[:8])

    status, reply = request(
        f"{site}/@registry-register",
        {
            "register": "incoming",
            "title": "Заявление от пакетния тест",
            "kind": "complaint",
            "sender_name": "Иван Иванов",
        },
        token=token,
    )
    assert status == 201, (status, reply[:500])
    document = json.loads(reply)
    assert document["number"], document
    print("  registered:", document["number"], document["review_state"])

    status, reply = request(f"{document['@id']}/@workflow", token=token)
    assert status == 200, (status, reply[:300])
    workflow = json.loads(reply)
    state = workflow["state"]
    assert state["id"] == document["review_state"], (state, document)
    assert any("\u0400" <= char <= "\u04ff" for char in state["title"]), state
    print("  workflow state:", state)

    # the letter PDF needs DejaVu Sans: the wheel holds no fonts, the system's fonts-dejavu-core
    # (or RATUSHA_PDF_FONTS) gives them
    _status, reply = request(f"{site}/@search?portal_type=OutgoingDocument&b_size=1", token=token)
    (letter,) = json.loads(reply)["items"]
    req = urllib.request.Request(
        f"{letter['@id']}/@@letter.pdf", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(req, timeout=60) as pdf:
        assert pdf.read(5) == b"%PDF-", "the letter is not a PDF"
    print("  letter PDF of", letter["@id"].rsplit("/", 1)[-1])


def main() -> int:
    started = time.monotonic()
    work = pathlib.Path(tempfile.mkdtemp(prefix="ratusha-wheel-"))
    print(f"working in {work}", flush=True)
    server = None
    try:
        wheel = build(work)
        bin_ = install(work, wheel)
        port = free_port()
        server = serve(work, bin_, port)
        smoke(f"http://127.0.0.1:{port}/ratusha")
    except BaseException:
        print(f"FAILED; the folder {work} is kept", file=sys.stderr)
        raise
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    shutil.rmtree(work)
    print(f"wheel smoke test passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
