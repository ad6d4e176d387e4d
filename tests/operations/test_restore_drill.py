"""The restore drill (issue 19): work, back up while serving, keep working, lose the server,
restore to the backup point, and find the site as it was then and working.

Real processes, as an administrator runs them: a Zope process makes the demo site and works
(drill_site.py --phase work, which calls `ratusha-backup backup` twice while it holds the
ZODB: a full and an incremental set); the server's data and keys are deleted (the numbers
journal lives on another disk and survives); `ratusha-backup restore` puts back the newest
set; `ratusha-audit verify --anchor` checks the chain; a second Zope process checks and works.
"""

import json
import os
import pathlib
import pytest
from ratusha.instance.config import write_instance
import shutil
import sqlite3
import subprocess
import sys


HERE = pathlib.Path(__file__).resolve().parent


def production_env(**extra):
    """A production process's environment: nothing of the test suite's RATUSHA_*."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("RATUSHA_")}
    return dict(env, **extra)


def run(*command, env):
    done = subprocess.run([str(part) for part in command], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def restore(command, backups, keys, env) -> dict:
    """`ratusha-backup restore` (or `restore-cluster`) of the newest set, its report."""
    backup = [sys.executable, "-m", "ratusha.instance.backup", *command]
    return json.loads(run(*backup, "--from", backups, "--keys-from", keys, env=env))


def verify(root, work, env) -> str:
    """`ratusha-audit verify --anchor` with the anchor of the newest set, as kept off the box."""
    anchor = root / "anchor.json"
    anchor.write_text(json.dumps(work["incremental"]["audit_anchor"]), encoding="utf-8")
    return run(sys.executable, "-m", "ratusha.audit.cli", "verify", "--anchor", anchor, env=env)


@pytest.fixture(scope="module")
def drill(tmp_path_factory):
    root = tmp_path_factory.mktemp("drill")
    instance, backups, keys = root / "instance", root / "backups", root / "backup-keys"
    config = write_instance(instance, "127.0.0.1", 8080) / "zope.conf"
    env = production_env()
    work_out, check_out = root / "work.json", root / "check.json"
    run(sys.executable, HERE / "drill_site.py", "--config", config, "--phase", "work",
        "--backup-to", backups, "--keys-to", keys, "--out", work_out, env=env)  # fmt: skip
    shutil.rmtree(instance / "var")  # the server is lost: its data and its keys
    shutil.rmtree(instance / "keys")
    restored = restore(["restore", "--config", config], backups, keys, env)
    work = json.loads(work_out.read_text(encoding="utf-8"))
    verified = verify(root, work, dict(env, RATUSHA_VAR=str(instance / "var")))
    run(sys.executable, HERE / "drill_site.py", "--config", config, "--phase", "check",
        "--out", check_out, env=env)  # fmt: skip
    return {
        "instance": instance,
        "work": work,
        "restored": restored,
        "verified": verified,
        "check": json.loads(check_out.read_text(encoding="utf-8")),
    }


def numbers(documents):
    return [doc["number"] for doc in documents]


def test_both_backups_were_made_while_the_site_worked(drill):
    work = drill["work"]
    assert work["full"]["kind"] == "full" and work["incremental"]["kind"] == "incremental"
    assert work["incremental"]["chain"] == work["full"]["chain"]
    assert work["incremental"]["audit_anchor"]["seq"] > work["full"]["audit_anchor"]["seq"]
    assert drill["restored"]["set"] == work["incremental"]["id"]


def test_every_act_before_the_backup_is_there_and_none_after(drill):
    work, check = drill["work"], drill["check"]
    registered = set(check["registered"])
    assert set(numbers(work["before"] + work["middle"])) <= registered
    assert not set(numbers(work["after"])) & registered
    assert check["poll_restored"] == work["poll_at_backup"]
    assert len(work["poll"]["voters"]) > len(work["poll_at_backup"]["voters"])


def test_the_audit_chain_verifies_to_the_anchor(drill):
    anchor = drill["work"]["incremental"]["audit_anchor"]
    assert drill["restored"]["audit"].startswith(
        f"OK: {anchor['seq']} records, head {anchor['seq']}"
    )
    assert drill["verified"].startswith("OK")
    with sqlite3.connect(drill["instance"] / "var" / "audit.sqlite") as connection:
        action, details = connection.execute(
            "SELECT action, details FROM audit_record WHERE seq = ?", (anchor["seq"] + 1,)
        ).fetchone()
    assert action == "backup.restored"
    assert json.loads(details)["voided"] == numbers(drill["work"]["after"])


def test_numbers_issued_after_the_backup_are_voided_never_reused(drill):
    after, new = drill["work"]["after"], drill["check"]["documents"][0]
    assert [item[3] for item in drill["restored"]["voided"]] == numbers(after)
    assert new["number"] not in numbers(after)
    same_period = [doc["seq"] for doc in after if doc["period"] == new["period"]]
    assert new["seq"] == max(same_period, default=new["seq"] - 1) + 1
    with sqlite3.connect(drill["instance"] / "var" / "registry.sqlite") as connection:
        voided = connection.execute(
            "SELECT number, actor FROM registry_number WHERE uid = 'void' ORDER BY seq"
        ).fetchall()
    assert [number for number, _actor in voided] == numbers(after)
    assert all("issued after backup" in actor for _number, actor in voided)


def test_the_restored_site_works(drill):
    check = drill["check"]
    assert len(check["poll"]["voters"]) == len(check["poll_restored"]["voters"]) + 1
    pages = check["pages"]
    assert pages["front"] == {"status": "200 OK", "title": True}
    assert pages["document"]["status"] == "200 OK"
    assert check["documents"][0]["number"] in pages["document"]["html"]
