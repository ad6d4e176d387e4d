"""A site made and used by release 1.0.0 is upgraded to this checkout and keeps everything.

fixtures/site-1.0.0.tar.xz was made by that release (make_fixture.py): the demo with its
registered documents, a session that voted the budget by name and elected a deputy chair by
secret ballot, an approved protocol, the audit trail. It is unpacked into a fresh instance,
upgraded by upgrade_site.py in a Zope process of its own, and what it holds afterwards is
compared with the manifest that the release read before packing.
"""

import datetime
import json
import os
import pathlib
import pytest
from ratusha.instance.config import write_instance
import sqlite3
import subprocess
import sys
import tarfile


HERE = pathlib.Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "site-1.0.0.tar.xz"
# every release a site may come from: docs/release.md adds each release's archive here
RELEASES = [FIXTURE]
BUDGET = "/ratusha/council/zasedanie-12/priemane-na-byudzheta-na-obshtina-primerna-za-2027-g"
ELECTION = "/ratusha/council/zasedanie-12/izbor-na-zamestnik-predsedatel-na-obshtinskiya-savet"


def clean_env(**extra):
    """The environment of a production process: nothing of the test suite's RATUSHA_*."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("RATUSHA_")}
    return dict(env, **extra)


@pytest.fixture(scope="module", params=RELEASES, ids=lambda path: path.name)
def upgraded(request, tmp_path_factory):
    instance = tmp_path_factory.mktemp(request.param.name.split(".tar")[0])
    with tarfile.open(request.param) as tar:
        tar.extractall(instance, filter="data")
    config = write_instance(instance, "127.0.0.1", 8080) / "zope.conf"
    manifest = json.loads((instance / "manifest.json").read_text(encoding="utf-8"))
    now = datetime.datetime.fromisoformat(manifest["made"]) + datetime.timedelta(days=1)
    out = instance / "report.json"
    done = subprocess.run(
        [
            sys.executable,
            HERE / "upgrade_site.py",
            "--config",
            config,
            "--now",
            now.isoformat(),
            "--out",
            out,
        ],
        env=clean_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    return {"archive": request.param, "instance": instance, "manifest": manifest, "report": report}


def test_the_fixture_is_a_used_site_of_1_0_0(upgraded):
    if upgraded["archive"] != FIXTURE:
        pytest.skip("what the 1.0.0 fixture holds")
    manifest = upgraded["manifest"]
    assert manifest["release"] == ["1001"]  # the profile version of ratusha:default
    assert upgraded["report"]["before"]["ratusha:default"]["last"] == "1001"
    numbers = manifest["sql"]["registry.sqlite"]["registry_number"]
    assert len(manifest["documents"]) == 31 and len(numbers) == 17
    budget, election = manifest["votes"][BUDGET], manifest["votes"][ELECTION]
    named = budget["polls"][0]
    assert named["mode"] == "named" and named["outcome"]["adopted"] is True
    assert sorted(named["ballots"].values()).count("yes") == 15 and len(named["ballots"]) == 18
    secret = election["polls"][0]
    assert secret["mode"] == "secret" and secret["ballots"] == {} and len(secret["voted"]) == 15
    assert secret["totals"] == {"councillor02": 11, "councillor03": 4}
    assert secret["elected"] == "councillor02"
    assert (budget["decision"]["number"], election["decision"]["number"]) == (1, 2)
    assert manifest["protocol"]["state"] == "protocol_approved"
    assert len(manifest["sql"]["audit.sqlite"]["audit_record"]) == 1035
    assert len(manifest["sql"]["audit.sqlite"]["council_presence"]) == 19


def test_no_upgrade_is_left_for_any_ratusha_profile(upgraded):
    after = upgraded["report"]["after"]
    assert {
        "ratusha:default",
        "ratusha.registry:default",
        "ratusha.council:default",
        "ratusha.meetings:default",
    } <= set(after)
    for profile, versions in after.items():
        assert versions["upgrades"] == [], profile
        assert versions["last"] == versions["version"], profile


def test_what_the_profiles_declare_is_in_the_upgraded_site(upgraded):
    assert upgraded["report"]["missing"] == []


@pytest.mark.parametrize("part", ["documents", "votes", "protocol"])
def test_documents_numbers_votes_and_protocol_are_kept(upgraded, part):
    assert upgraded["report"]["state"][part] == upgraded["manifest"][part]


def test_no_content_is_lost(upgraded):
    after = upgraded["report"]["state"]["content"]
    for portal_type, count in upgraded["manifest"]["content"].items():
        assert after.get(portal_type, 0) >= count, portal_type


def test_every_sql_row_is_kept(upgraded):
    """Each row the release wrote is still there, in its place (columns added since may
    follow it); the audit trail's head row moves on with the records the upgrade added."""
    after = upgraded["report"]["state"]["sql"]
    for database, tables in upgraded["manifest"]["sql"].items():
        for table, rows in tables.items():
            if table == "audit_head":
                continue
            kept = after[database][table][: len(rows)]
            assert [row[: len(old)] for row, old in zip(kept, rows)] == rows, table


def test_the_audit_trail_verifies(upgraded):
    var = upgraded["instance"] / "var"
    audit = pathlib.Path(sys.executable).with_name("ratusha-audit")
    done = subprocess.run(
        [audit, "verify"], env=clean_env(RATUSHA_VAR=str(var)), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    before = len(upgraded["manifest"]["sql"]["audit.sqlite"]["audit_record"])
    assert done.stdout.startswith("OK: ") and int(done.stdout.split()[1]) > before


def test_numbering_continues_without_reuse(upgraded):
    report, manifest = upgraded["report"], upgraded["manifest"]
    new = report["new_document"]
    assert new["state"] == "registered"
    numbers = manifest["sql"]["registry.sqlite"]["registry_number"]
    assert new["number"] not in {row[3] for row in numbers}
    ((register, period, seq, number, *_),) = [
        row for row in report["numbers_after"]["registry_number"] if row[4] == new["uid"]
    ]
    assert number == new["number"]
    used = [row[2] for row in numbers if (row[0], row[1]) == (register, period)]
    assert seq == max(used) + 1


def test_the_sql_tables_it_used_are_at_the_newest_migration(upgraded):
    """The stores the upgraded site opened stamped their 1.0.0 tables and migrated them."""
    from ratusha.core import migrations

    var = upgraded["instance"] / "var"
    for name, package in (
        ("audit.sqlite", "ratusha.audit.migrations"),
        ("registry.sqlite", "ratusha.registry.migrations"),
    ):
        table = migrations.version_table(package)
        with sqlite3.connect(var / name) as connection:
            ((found,),) = connection.execute(f"SELECT version_num FROM {table}").fetchall()
        assert found == migrations.head(migrations.metadata_of(package))


def test_keys_rotate_on_the_upgraded_site(upgraded):
    """ratusha-keys on a real instance (docs/keys.md): its first keys were made apart from
    the data when the site started; a rotation of each ring re-encrypts and reindexes in
    committed batches, and the older keys are retired only after that."""
    instance = upgraded["instance"]

    def keys(*args):
        return subprocess.run(
            [sys.executable, "-m", "ratusha.privacy.encryption.cli"]
            + ["--config", str(instance / "etc" / "zope.conf"), *args],
            env=clean_env(),
            capture_output=True,
            text=True,
        )

    folder = instance / "keys"
    assert sorted(p.name for p in (folder / "fernet").iterdir()) == ["0001.key"]
    assert oct((folder / "fernet" / "0001.key").stat().st_mode & 0o777) == "0o600"
    assert not (instance / "var" / "keys").exists()
    assert keys("rotate").returncode == 0 and keys("rotate", "--search").returncode == 0
    refused = keys("retire", "--search")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    done = keys("reencrypt", "--batch", "5")
    assert done.returncode == 0 and " object(s) read" in done.stdout, done.stdout + done.stderr
    for ring in ((), ("--search",)):
        retired = keys("retire", *ring)
        assert retired.returncode == 0, retired.stdout + retired.stderr
    status = keys("status").stdout
    assert "fernet: 1 key(s) [2]" in status and "hmac: 1 key(s) [2]" in status
    for path in folder.rglob("*.key"):
        assert path.read_text().strip() not in status + done.stdout
