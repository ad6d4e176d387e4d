"""Operations through HTTP against one Zope instance serving a bench site, and their floors.

1 personal room page vs Plone's own document view (same user, same server)
2 "for my approval" (@worklist/for-approval) vs bare catalog query of that shape + hello-world
3 workflow transition (@workflow submit/withdraw), 1 client, vs a bare ZODB commit touching
  the objects one transition wrote
4 registration (@registry-register) with 8 parallel clerks: duplicates, gaps, 500s, retries
7 REST @search at each size N vs the same catalog query in-process: growth with N

Each `measure_*` returns raw results; `rows` pairs them with the floors measured afterwards in
floors.py (the server must be stopped for those, since they open the same FileStorage).
"""

import json
import pathlib
import re
import sys
import time
import urllib.parse


HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import datagen  # noqa: E402
from harness import Client  # noqa: E402
from harness import compare  # noqa: E402
from harness import load  # noqa: E402
from harness import paired  # noqa: E402
from harness import public  # noqa: E402


SITE = "/ratusha"
SEARCH_WORD = "бюджет"
SEARCH_USER = datagen.CLERKS[0]  # a registrar sees every incoming document
SEARCH_QUERY = {
    "SearchableText": SEARCH_WORD,
    "portal_type": "IncomingDocument",
    "sort_on": "modified",
    "sort_order": "descending",
}
SEARCH_LIMIT = 25
WORKLIST_LIMIT = 50  # ratusha.registry.worklists.LIMIT


def client(base, user=None, accept="application/json"):
    return lambda _worker: Client(base, user, datagen.PASSWORD if user else None, accept)


def get(path):
    return lambda c, _worker, _n: c.get(path)


def search_path():
    params = dict(SEARCH_QUERY, b_size=SEARCH_LIMIT)
    return f"{SITE}/@search?{urllib.parse.urlencode(params)}"


def check(base, user, path, marker, accept="application/json"):
    """One request before timing: the page is what we think it is."""
    status, body = Client(base, user, datagen.PASSWORD, accept).get(path)
    if status != 200 or marker.encode() not in body:
        raise RuntimeError(f"{path} as {user}: HTTP {status}, no {marker!r}: {body[:300]!r}")


def measure_reads(base, seconds, clients=1) -> dict:
    """Operations 1, 2 and 7 at one concurrency (their HTTP parts), each paired with its floor."""
    probe = datagen.PROBE
    check(base, probe, SITE, 'id="personal-room"', "text/html")
    check(base, probe, f"{SITE}/{datagen.PLAIN_PAGE}", "template-document_view", "text/html")
    check(base, probe, f"{SITE}/@worklist/for-approval", '"items"')
    html = dict(accept="text/html")
    found = paired(
        {
            "personal_room": (client(base, probe, **html), get(SITE)),
            "document_view": (client(base, probe, **html), get(f"{SITE}/{datagen.PLAIN_PAGE}")),
        },
        clients,
        seconds,
    )
    found.update(
        paired(
            {
                "worklist": (client(base, probe), get(f"{SITE}/@worklist/for-approval")),
                "hello": (client(base), get("/ok")),
                "hello_signed_in": (client(base, probe), get(f"{SITE}/ok")),
            },
            clients,
            seconds,
        )
    )
    found["search"] = load(client(base, SEARCH_USER), get(search_path()), clients, seconds)
    return found


def measure_concurrency(base, levels, seconds) -> list:
    """Latency of the personal room and a REST read against concurrency (for the plot)."""
    rows = []
    html = dict(accept="text/html")
    for clients in levels:
        room = load(client(base, datagen.PROBE, **html), get(SITE), clients, seconds)
        rest = load(
            client(base, datagen.PROBE), get(f"{SITE}/{datagen.PLAIN_PAGE}"), clients, seconds
        )
        rows.append(
            {"concurrency": clients, "personal_room": public(room), "rest_get": public(rest)}
        )
    return rows


def author_drafts(base) -> list:
    query = urllib.parse.urlencode(
        {
            "Creator": datagen.AUTHOR,
            "review_state": "draft",
            "portal_type": "OutgoingDocument",
            "b_size": 200,
        }
    )
    status, body = Client(base, datagen.AUTHOR, datagen.PASSWORD).get(f"{SITE}/@search?{query}")
    items = json.loads(body)["items"] if status == 200 else []
    if not items:
        raise RuntimeError(f"no drafts of {datagen.AUTHOR} found (HTTP {status})")
    return [urllib.parse.urlsplit(item["@id"]).path for item in items]


def measure_transitions(base, seconds, max_ops=600) -> dict:
    """One client submits a draft for approval and withdraws it again, one transition a call."""
    drafts = author_drafts(base)
    state = {"i": 0}

    def act(c, _worker, _n):
        i = state["i"]
        state["i"] += 1
        doc = drafts[(i // 2) % len(drafts)]
        transition = "submit" if i % 2 == 0 else "withdraw"
        return c.post(f"{doc}/@workflow/{transition}", {})

    began = time.time()
    result = load(client(base, datagen.AUTHOR), act, 1, seconds, max_ops=max_ops, warmup=2)
    result["began"] = began
    result["drafts"] = len(drafts)
    return result


def measure_registration(base, seconds, clerks=8) -> dict:
    """8 clerks register incoming documents at once; every reply's number is checked."""

    def act(c, worker, n):
        return c.post(
            f"{SITE}/@registry-register",
            {
                "register": "incoming",
                "title": f"Заявление за бенчмарк {worker}-{n}",
                "kind": "application",
                "sender_name": "Бенчмарк",
            },
        )

    result = load(
        lambda w: Client(base, datagen.CLERKS[w % len(datagen.CLERKS)], datagen.PASSWORD),
        act,
        clerks,
        seconds,
        warmup=1,
    )
    numbers = []
    for _worker, _n, status, body in result["results"]:
        if status == 201:
            numbers.append(json.loads(body)["number"])
    seqs = sorted(int(re.search(r"-(\d+)/", number).group(1)) for number in numbers)
    result.update(
        registered=len(numbers),
        duplicates=len(numbers) - len(set(numbers)),
        gap_free=bool(seqs) and seqs == list(range(seqs[0], seqs[0] + len(seqs))),
        registered_per_s=round(len(numbers) / result["seconds"], 2),
    )
    return result


# -- floors (after the server has stopped) ----------------------------------------------------


def floor_spec(transitions=None, repeat=100) -> dict:
    spec = {
        "repeat": repeat,
        "catalog": {
            "worklist": {"user": datagen.PROBE, "worklist": True, "limit": WORKLIST_LIMIT},
            "search": {"user": SEARCH_USER, "query": SEARCH_QUERY, "limit": SEARCH_LIMIT},
        },
    }
    if transitions:
        spec["commit"] = {"note": "@workflow", "since": transitions["began"]}
    return spec


def sum_floor(*parts) -> dict:
    """A composed floor: the p50s (and p95s, p99s) of its parts added up."""
    return {key: round(sum(p[key] for p in parts), 3) for key in ("p50", "p95", "p99")} | {
        "n": min(p["n"] for p in parts),
        "parts": [dict(p) for p in parts],
    }


def read_rows(documents, reads, floors) -> list:
    clients = reads["personal_room"]["concurrency"]
    extra = dict(N=documents, concurrency=clients)
    signed_in = sum_floor(floors["worklist"], public(reads["hello_signed_in"]))
    return [
        compare(
            "1 personal room page (HTML) vs Plone document view",
            public(reads["personal_room"]),
            public(reads["document_view"]),
            goal="≤ 1.5×",
            goal_max=1.5,
            **extra,
        ),
        compare(
            "2 for my approval (REST @worklist) vs catalog query + hello-world",
            public(reads["worklist"]),
            sum_floor(floors["worklist"], public(reads["hello"])),
            goal="≤ 3×",
            goal_max=3.0,
            hello_signed_in=public(reads["hello_signed_in"]),
            ratio_signed_in=round(reads["worklist"]["p50"] / signed_in["p50"], 2),
            **extra,
        ),
        compare(
            "7 REST @search vs the same catalog query",
            public(reads["search"]),
            floors["search"],
            goal="growth with N reported",
            **extra,
        ),
    ]


def transition_row(documents, result, floors) -> dict:
    floor = floors.get("commit", {})
    return compare(
        "3 workflow transition (REST, 1 client) vs bare ZODB commit of its objects",
        public(result),
        floor if floor.get("p50") else None,
        goal="≤ 3×",
        goal_max=3.0,
        N=documents,
        concurrency=1,
        objects=floor.get("objects"),
    )


def registration_row(documents, result, one_clerk=None) -> dict:
    """The floor is one clerk alone: registrations follow one another on the lane."""
    ok = (
        result["duplicates"] == 0
        and result["http_5xx"] == 0
        and result["gap_free"]
        and result["registered_per_s"] >= 20
    )
    floor = public(one_clerk) if one_clerk else None
    return {
        "operation": "4 registration, 8 parallel clerks (floor: 1 clerk)",
        "N": documents,
        "concurrency": result["concurrency"],
        "app": public(result),
        "floor": floor,
        "ratio": round(result["registered_per_s"] / one_clerk["registered_per_s"], 2)
        if one_clerk and one_clerk["registered_per_s"]
        else None,
        "ratio_kind": "throughput, 8 clerks / 1 clerk",
        "goal": "0 duplicates, 0 HTTP 500, ≥ 20/s",
        "met": ok,
        "registered_per_s": result["registered_per_s"],
        "duplicates": result["duplicates"],
        "gap_free": result["gap_free"],
    }


def growth(search_by_n: dict) -> dict:
    """How the search latency grows with N: flag it when it grows about as fast as N."""
    sizes = sorted(search_by_n)
    if len(sizes) < 2:
        return {}
    small, large = sizes[0], sizes[-1]
    app = search_by_n[large]["app"]["p50"] / search_by_n[small]["app"]["p50"]
    return {
        "from": small,
        "to": large,
        "n_factor": round(large / small, 1),
        "latency_factor": round(app, 2),
        "linear_in_n": app >= 0.5 * large / small,
    }
