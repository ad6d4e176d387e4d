"""The restore drill on the cluster (`make test-cluster`): PostgreSQL, a Zope instance on
RelStorage and HAProxy, as `make run-cluster` starts them.

The same work as test_restore_drill.py, with `ratusha-backup backup-cluster` (one pg_dump of the
database that holds the ZODB and every SQL table) while the site serves; then the whole cluster
is stopped and its PostgreSQL data, var and keys deleted (the journal survives, as on a share);
`ratusha-backup restore-cluster` makes a new PostgreSQL, restores the newest dump and settles;
the checks are the single site's. Starting the cluster creates a site on RelStorage (a minute
or more on two cores), so it runs when RATUSHA_CLUSTER_TESTS=1.
"""

import json
import os
import pathlib
import pytest
import shutil
import sqlalchemy as sa
import sys
import tempfile
from test_restore_drill import HERE
from test_restore_drill import numbers
from test_restore_drill import restore
from test_restore_drill import run
from test_restore_drill import test_every_act_before_the_backup_is_there_and_none_after  # noqa: F401
from test_restore_drill import test_the_restored_site_works  # noqa: F401
from test_restore_drill import verify


pytestmark = pytest.mark.cluster


@pytest.fixture(scope="module")
def drill():
    if not os.environ.get("RATUSHA_CLUSTER_TESTS"):
        pytest.skip("starts PostgreSQL and Zope on RelStorage: RATUSHA_CLUSTER_TESTS=1")
    from postgres import free_port
    from ratusha.instance.cluster import Cluster
    from ratusha.instance.cluster import missing_binaries

    if missing_binaries():
        pytest.skip("the cluster needs " + ", ".join(missing_binaries()))
    # not under pytest's tmp folders: they are private to root, and PostgreSQL runs as postgres
    folder = pathlib.Path(tempfile.mkdtemp(prefix="ratusha-cluster-drill-"))
    folder.chmod(0o755)
    backups, keys = folder / "backups", folder / "backup-keys"
    cluster = Cluster(folder / "c", instances=1, port=free_port(), pg_port=free_port())
    cluster.folder.mkdir()
    cluster.folder.chmod(0o755)
    try:
        cluster.start(log=print)
        env, config = cluster.env(1), cluster.folder / "etc" / "z1" / "zope.conf"
        pg = ["--dir", cluster.folder, "--pg-port", cluster.pg_port]
        run(sys.executable, HERE / "drill_site.py", "--config", config, "--phase", "work",
            "--cluster", cluster.folder, "--pg-port", cluster.pg_port, "--backup-to", backups,
            "--keys-to", keys, "--out", folder / "work.json", env=env)  # fmt: skip
        cluster.stop(log=print)
        for lost in (cluster.folder / "pg", cluster.var, cluster.folder / "keys"):
            shutil.rmtree(lost)
        restored = restore(["restore-cluster", *pg], backups, keys, env)
        work = json.loads((folder / "work.json").read_text(encoding="utf-8"))
        verified = verify(folder, work, env)
        run(sys.executable, HERE / "drill_site.py", "--config", config, "--phase", "check",
            "--out", folder / "check.json", env=env)  # fmt: skip
        engine = sa.create_engine(cluster.postgres.url)
        with engine.connect() as connection:
            voided = (
                connection.execute(
                    sa.text("SELECT number FROM registry_number WHERE uid = 'void' ORDER BY seq")
                )
                .scalars()
                .all()
            )
            after_anchor = connection.execute(
                sa.text("SELECT action FROM audit_record WHERE seq = :seq"),
                {"seq": work["incremental"]["audit_anchor"]["seq"] + 1},
            ).scalar()
        engine.dispose()
        yield {
            "work": work,
            "restored": restored,
            "verified": verified,
            "voided": voided,
            "after_anchor": after_anchor,
            "check": json.loads((folder / "check.json").read_text(encoding="utf-8")),
        }
    finally:
        cluster.stop(log=print)
        shutil.rmtree(folder, ignore_errors=True)


def test_the_dump_restores_to_its_anchor_and_voids_later_numbers(drill):
    work, after = drill["work"], numbers(drill["work"]["after"])
    assert work["full"]["kind"] == work["incremental"]["kind"] == "full"
    assert drill["restored"]["set"] == work["incremental"]["id"]
    assert drill["verified"].startswith("OK") and drill["after_anchor"] == "backup.restored"
    assert drill["voided"] == after
    assert drill["check"]["documents"][0]["number"] not in after
