"""5 council vote: 51 councillors vote at the same moment through HTTP, 10 rounds.

On a served copy of the smallest snapshot (the demo council of 21, grown here to 51 seats):
the staff records everyone present, checks quorum, the chair opens the demo session; each
round creates a poll on the budget item, opens it, and 51 clients (one keep-alive connection
each, signed in beforehand) post their vote behind a barrier. Correctness: every vote answered
200, the closed poll's counts equal what was sent (0 lost, 0 doubled). Speed: the burst from
the barrier to the last answer, against a floor of the same 51 clients reading their vote
(`GET @vote`) at the same moment.
"""

import argparse
import json
import pathlib
import sys
import threading
import time
import urllib.parse


HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from harness import Client  # noqa: E402
from harness import compare  # noqa: E402
from harness import free_port  # noqa: E402
from harness import percentiles  # noqa: E402
from harness import run_python  # noqa: E402
from harness import Server  # noqa: E402
import sites  # noqa: E402


SEATS = 51
ROUNDS = 10
PASSWORD = "ratusha-demo"
CHOICES = ("yes", "no", "abstain")
STAFF, CHAIR = "council.staff", "councillor01"
SESSION = "/council/zasedanie-12"
VOTERS = [f"councillor{n:02d}" for n in range(1, SEATS + 1)]
SITE = "/ratusha"


def site_path(url):
    """/council/… of an absolute @id: the clients add the site's path themselves."""
    return urllib.parse.urlsplit(url).path[len(SITE) :]


class SetupError(RuntimeError):
    """The served site refused a step of the set-up (status and answer in the message)."""


def call(client, method, path, body=None, expect=(200, 201, 204)):
    status, data = client.request(
        method, path, body=None if body is None else json.dumps(body).encode()
    )
    if status not in expect:
        raise SetupError(f"{method} {path}: {status} {data[:300]!r}")
    return json.loads(data) if data else {}


def grow_council(site):
    """In-process, before serving: councillors 22…51 join the councillors group and the
    council gets 51 seats (the demo has 21; users are created as the demo's are)."""
    from datagen import open_site
    from plone import api
    import transaction
    from zope.event import notify
    from zope.lifecycleevent import ObjectModifiedEvent

    _app, portal = open_site(site)
    with api.env.adopt_roles(["Manager"]):
        for user in VOTERS[21:]:
            if api.user.get(userid=user) is None:
                api.user.create(
                    username=user,
                    email=f"{user}@primerna.example",
                    password=PASSWORD,
                    properties={"fullname": f"Съветник {user[-2:]}"},
                )
            api.group.add_user(groupname="councillors", username=user)
        council = portal["council"]
        council.seats = SEATS
        council.councillors = list(VOTERS)
        notify(ObjectModifiedEvent(council))
    transaction.commit()


def open_session(base, voters=VOTERS):
    """Everyone present (staff in the hall), a quorum check, the chair opens the session;
    returns the path of the session's first item (the budget, a named vote)."""
    staff = Client(base, STAFF, PASSWORD)
    for user in voters:
        call(staff, "POST", f"{SESSION}/@presence", {"user": user, "present": True})
    call(staff, "POST", f"{SESSION}/@quorum", {})
    call(Client(base, CHAIR, PASSWORD), "POST", f"{SESSION}/@workflow/open", {})
    items = call(staff, "GET", SESSION)["items"]
    staff.close()
    return site_path(items[0]["@id"])


def burst(clients, send):
    """All clients call `send(user, client)` behind a barrier: (seconds, {user: status}, ms)."""
    barrier = threading.Barrier(len(clients) + 1)
    statuses, latencies = {}, []

    def run(user, client):
        barrier.wait()
        began = time.perf_counter()
        statuses[user] = send(user, client)
        latencies.append((time.perf_counter() - began) * 1000)

    threads = [threading.Thread(target=run, args=item) for item in clients.items()]
    for thread in threads:
        thread.start()
    barrier.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, statuses, latencies


def vote_rounds(base, item, server, rounds, log):
    staff, chair = Client(base, STAFF, PASSWORD), Client(base, CHAIR, PASSWORD)
    clients = {user: Client(base, user, PASSWORD) for user in VOTERS}
    report = {"rounds": [], "lost": 0, "doubled": 0, "refused": 0, "floor_ms": [], "app_ms": []}
    server.mark_log()
    for number in range(rounds):
        poll = call(staff, "POST", f"{item}/@polls", {"kind": "whole"})
        poll_path = site_path(poll["@id"])
        call(chair, "POST", f"{poll_path}/open", {})
        sent = {user: CHOICES[(index + number) % 3] for index, user in enumerate(VOTERS)}
        floor_s, _statuses, floor_ms = burst(
            clients, lambda user, c, poll=poll: c.get(f"{item}/@vote?poll={poll['id']}")[0]
        )
        seconds, statuses, app_ms = burst(
            clients,
            lambda user, c, poll=poll, sent=sent: c.post(
                f"{item}/@vote", {"poll": poll["id"], "choice": sent[user]}
            )[0],
        )
        closed = call(chair, "POST", f"{poll_path}/close", {})
        expected = {choice: list(sent.values()).count(choice) for choice in CHOICES}
        counts = closed.get("counts") or {}
        counted = sum(counts.get(choice, 0) for choice in CHOICES)
        report["lost"] += max(0, SEATS - counted)
        report["doubled"] += max(0, counted - SEATS)
        report["refused"] += sum(1 for status in statuses.values() if status != 200)
        report["floor_ms"] += floor_ms
        report["app_ms"] += app_ms
        report["rounds"].append(
            {
                "seconds": round(seconds, 3),
                "floor_seconds": round(floor_s, 3),
                "exact": counts == expected,
                "statuses": sorted(set(statuses.values())),
            }
        )
        log(
            f"    round {number + 1}: {SEATS} votes in {seconds:.2f} s "
            f"(reads {floor_s:.2f} s), counts {counts}"
        )
    report["retries"] = server.retries()
    for client in (staff, chair, *clients.values()):
        client.close()
    return report


def rows_from(report):
    slowest = max(r["seconds"] for r in report["rounds"])
    exact = all(r["exact"] for r in report["rounds"])
    correct = exact and report["lost"] == report["doubled"] == report["refused"] == 0
    app = dict(percentiles(report["app_ms"]), errors=report["refused"], retries=report["retries"])
    return [
        compare(
            "5 council vote: 51 councillors at once (POST @vote) vs 51 reads of the own vote",
            app,
            percentiles(report["floor_ms"]),
            goal="0 lost, 0 doubled, every round ≤ 2 s",
            N=SEATS,
            concurrency=SEATS,
            rounds=len(report["rounds"]),
            lost=report["lost"],
            doubled=report["doubled"],
            exact=exact,
            slowest_round_s=slowest,
            round_seconds=[r["seconds"] for r in report["rounds"]],
            met=correct and slowest <= 2.0,
        )
    ]


def run(context):
    """The slot's entry point (tests/bench/run.py, PENDING["council"])."""
    log = context["log"]
    snapshot = context["snapshots"][min(context["snapshots"])]
    rounds = 3 if context["profile"] == "quick" else ROUNDS
    log(f"5 council vote: {SEATS} councillors, {rounds} rounds ...")
    port = free_port()
    site, _copied = sites.work_copy(context["out"], snapshot, port)
    run_python("bench_council.py", "--grow", site)
    with Server(site / "etc" / "zope.ini", port, site / "var" / "log" / "console.log") as server:
        base = server.url + SITE
        item = open_session(base)
        report = vote_rounds(base, item, server, rounds, log)
    return rows_from(report)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="grow the demo council of a bench site to 51")
    parser.add_argument("--grow", type=pathlib.Path, required=True)
    grow_council(parser.parse_args().grow)
