"""The cluster keeps its promises under concurrency: PostgreSQL, 2 Zope instances on RelStorage
(history-free, blobs in the database) and HAProxy, started as `make run-cluster` starts them.

Through the load balancer, 8 clerks register documents at once: every number is given once and
the register has no gap, in the replies and in the SQL ledger; both instances served; the 21
demo councillors vote at the same moment, twice, and every vote counts once; the audit trail (in
the same PostgreSQL) verifies. Starting the cluster creates a site on RelStorage,
which takes a minute or more on two cores, so those tests run when RATUSHA_CLUSTER_TESTS=1
(`make test-cluster`, which .ci/run calls); the configuration test always runs.
"""

import bench_council
import concurrent.futures
import datetime
from harness import Client
from harness import free_port
import json
import os
import pathlib
import pytest
import re
import shutil
import tempfile


pytestmark = pytest.mark.cluster
CLERKS, EACH = 8, 15
PASSWORD = "ratusha-demo"  # the demo profile's people (the cluster's site is a demo site)


def test_configuration(tmp_path):
    """zope.conf on RelStorage, HAProxy with leastconn, health checks and __ac stickiness."""
    from ratusha.instance.cluster import Cluster

    cluster = Cluster(tmp_path, instances=3, port=18090, pg_port=18099, threads=2)
    conf = (cluster.configure(2).parent / "zope.conf").read_text()
    assert "%import relstorage" in conf and "<filestorage>" not in conf
    assert "keep-history false" in conf and "shared-blob-dir false" in conf
    assert f"blob-dir {tmp_path.resolve() / 'z2' / 'blobcache'}" in conf
    assert "port='18099'" in conf
    ini = (cluster.folder / "etc" / "z2" / "zope.ini").read_text()
    assert "listen = 127.0.0.1:18092" in ini and "threads = 2" in ini
    haproxy = cluster.configure_haproxy().read_text()
    assert "balance leastconn" in haproxy and "uri /ok" in haproxy
    assert "stick on req.cook(__ac)" in haproxy
    assert len(re.findall(r"server z\d 127\.0\.0\.1:1809\d check .* maxconn 2", haproxy)) == 3
    if shutil.which("haproxy") or os.path.exists("/usr/sbin/haproxy"):
        from ratusha.instance.cluster import haproxy_bin
        import subprocess

        cluster.run.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [haproxy_bin(), "-c", "-q", "-f", str(cluster.folder / "haproxy.cfg")], check=True
        )


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if not os.environ.get("RATUSHA_CLUSTER_TESTS"):
        pytest.skip(
            "starts PostgreSQL, 2 Zope instances and HAProxy (a minute or more): "
            "set RATUSHA_CLUSTER_TESTS=1 or run `make test-cluster`"
        )
    from ratusha.instance.cluster import Cluster
    from ratusha.instance.cluster import missing_binaries

    missing = missing_binaries()
    if missing:
        pytest.skip("the cluster needs " + ", ".join(missing))
    # not under pytest's tmp folders: they are private to root, and PostgreSQL runs as postgres
    folder = pathlib.Path(tempfile.mkdtemp(prefix="ratusha-cluster-"))
    folder.chmod(0o755)
    cluster = Cluster(folder, instances=2, port=free_port(), pg_port=free_port(), durable=False)
    try:
        cluster.start(log=print)
        yield cluster
    finally:
        cluster.stop(log=print)
        shutil.rmtree(folder, ignore_errors=True)


def register_all(url):
    def clerk(worker):
        client = Client(url, "registrar", PASSWORD)
        replies = []
        for n in range(EACH):
            status, body = client.post(
                "/ratusha/@registry-register",
                {"register": "incoming", "title": f"Заявление {worker}-{n}", "kind": "application"},
            )
            replies.append((status, json.loads(body) if status < 500 else body[:500]))
        client.close()
        return replies

    with concurrent.futures.ThreadPoolExecutor(CLERKS) as pool:
        return [reply for batch in pool.map(clerk, range(CLERKS)) for reply in batch]


def test_parallel_registrations_through_the_balancer(cluster):
    from ratusha.registry.numbers import ledger
    import sqlalchemy as sa

    replies = register_all(cluster.url)
    assert {status for status, _data in replies} == {201}, replies[:3]
    numbers = [data["number"] for _status, data in replies]
    assert len(set(numbers)) == CLERKS * EACH
    seqs = sorted(int(re.search(r"-(\d+)/", number).group(1)) for number in numbers)
    assert seqs == list(range(seqs[0], seqs[0] + CLERKS * EACH))
    engine = sa.create_engine(cluster.postgres.url)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(ledger.c.seq, ledger.c.number).where(
                ledger.c.number.in_(numbers), ledger.c.period == datetime.date.today().year
            )
        ).all()
    engine.dispose()
    assert sorted(row.seq for row in rows) == seqs
    stats = cluster.haproxy_command("show stat")
    served = {
        line.split(",")[1]: int(line.split(",")[7])
        for line in stats.splitlines()
        if line.startswith("zope,z")
    }
    assert served["z1"] > 0 and served["z2"] > 0, served


def test_councillors_vote_at_once_through_the_balancer(cluster):
    """21 votes at once spread over both instances, then everyone changes the vote at once."""
    base = cluster.url + bench_council.SITE
    voters = bench_council.VOTERS[:21]
    item = bench_council.open_session(base, voters)
    staff = Client(base, bench_council.STAFF, PASSWORD)
    chair = Client(base, bench_council.CHAIR, PASSWORD)
    poll = bench_council.call(staff, "POST", f"{item}/@polls", {"kind": "whole"})
    poll_path = bench_council.site_path(poll["@id"])
    bench_council.call(chair, "POST", f"{poll_path}/open", {})
    clients = {user: Client(base, user, PASSWORD) for user in voters}
    for shift in (0, 1):
        sent = {user: bench_council.CHOICES[(n + shift) % 3] for n, user in enumerate(voters)}
        _seconds, statuses, _ms = bench_council.burst(
            clients,
            lambda user, c, sent=sent: c.post(
                f"{item}/@vote", {"poll": poll["id"], "choice": sent[user]}
            )[0],
        )
        assert set(statuses.values()) == {200}, statuses
    closed = bench_council.call(chair, "POST", f"{poll_path}/close", {})
    assert closed["counts"] == {c: list(sent.values()).count(c) for c in bench_council.CHOICES}
    for client in (staff, chair, *clients.values()):
        client.close()


def test_audit_chain_verifies(cluster):
    from ratusha.audit.store import AuditStore
    from ratusha.core.sql import dispose

    # the instances inherit this process's environment: the suite's key, else the shared file
    key = (
        os.environ.get("RATUSHA_AUDIT_KEY", "").encode()
        or (cluster.var / "audit.key").read_text().strip().encode()
    )
    store = AuditStore(cluster.postgres.url, key)
    try:
        assert store.head()[0] > 0
        verdict = store.verify()
        assert verdict.ok, verdict
        actions = {row["action"] for row in store.search(limit=500)}
        assert "registry.register" in actions
        instances = {row["instance"] for row in store.search(limit=500)}
        assert {"z1", "z2"} <= instances
    finally:
        dispose(cluster.postgres.url)
