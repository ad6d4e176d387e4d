"""Seeded bench data: a Ratusha site with N registry documents and 1,000 users, built once.

Runs as its own process, because it starts Zope on the bench site's zope.conf:

    .venv/bin/python tests/bench/datagen.py --site instance/var/bench/site --documents 5000

The site (FileStorage, audit and registry SQLite beside it) is the one `make start` would
serve, with the demo profile (departments, demo people) and BENCH_USERS more people. Documents
are made by the registry's own acts with their events (create, catalog, audit records,
registration numbers from the SQL ledger), in batches with a commit each; the final states of
old documents (closed, dispatched, archived) are imported directly into the workflow history, as
a migration would, because replaying a year of acts for each of them would take hours. The
build resumes where it stopped and only ever grows: ask for more documents and it adds them.
Every choice comes from random.Random(seed, index), so the same N gives the same site.
"""

import argparse
import json
import pathlib
import random
import sys
import time


HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]

SEED = 7
BENCH_USERS = 1000
PASSWORD = "ratusha-demo"  # the demo password (local benches only)
MARKER = "_ratusha_bench"
BATCH = 100

DEPARTMENTS = ("dep-registry", "dep-budget", "dep-taxes", "dep-construction")
DIRECTORATES = {
    "dep-registry": "dir-administration",
    "dep-budget": "dir-finance",
    "dep-taxes": "dir-finance",
    "dep-construction": "dir-territory",
}
CLERKS = tuple(f"clerk{n:02d}" for n in range(1, 9))
HEADS = tuple(f"head.{dep}.{n}" for dep in DEPARTMENTS for n in (1, 2, 3))
DIRECTORS = tuple(f"dir.{d}.{n}" for d in sorted(set(DIRECTORATES.values())) for n in (1, 2))
EMPLOYEES = tuple(
    f"emp{n:04d}" for n in range(1, BENCH_USERS - len(CLERKS) - len(HEADS) - len(DIRECTORS) + 1)
)
# whose pages and worklists are measured: a head of department with a realistic share of work
PROBE = "head.dep-budget.1"
# whose drafts the transition benchmark submits and withdraws
AUTHOR = "emp0002"
AUTHOR_DRAFTS = 60
PLAIN_PAGE = "bench-page"  # a plain Plone Document: the floor of the personal room

WORDS = (
    "заявление",
    "жалба",
    "сигнал",
    "предложение",
    "писмо",
    "удостоверение",
    "данък",
    "имот",
    "ремонт",
    "улица",
    "осветление",
    "бюджет",
    "обществена",
    "поръчка",
    "шум",
    "паркиране",
    "детска",
    "площадка",
    "разрешение",
    "строеж",
    "отпадъци",
    "транспорт",
    "училище",
    "читалище",
    "спорт",
    "култура",
    "общинска",
    "собственост",
    "такса",
    "справка",
)
INCOMING_KINDS = ("application", "complaint", "signal", "proposal", "information", "letter")
CHANNELS = ("counter", "post", "email", "seos", "edelivery", "phone")

# (weight, portal type, target state); done states are imported, open ones are real acts
MIX = (
    (9, "IncomingDocument", "received"),
    (16, "IncomingDocument", "registered"),
    (5, "IncomingDocument", "assigned"),
    (30, "IncomingDocument", "closed"),
    (4, "OutgoingDocument", "draft"),
    (2, "OutgoingDocument", "in_approval"),
    (19, "OutgoingDocument", "dispatched"),
    (3, "InternalDocument", "draft"),
    (1, "InternalDocument", "in_approval"),
    (11, "InternalDocument", "registered"),
)


def department_of(user_id):
    if user_id.startswith(("clerk",)):
        return "dep-registry"
    if user_id.startswith("head."):
        return user_id.split(".")[1]
    if user_id.startswith("emp"):
        return DEPARTMENTS[int(user_id[3:]) % len(DEPARTMENTS)]
    return None


def people():
    """(user id, groups) of the bench's people."""
    for user_id in CLERKS:
        yield user_id, ("employees", "registrars", "dep-registry")
    for user_id in HEADS:
        yield user_id, ("employees", "department-heads", department_of(user_id))
    for user_id in DIRECTORS:
        yield user_id, ("employees", "directors", user_id.split(".")[1])
    for user_id in EMPLOYEES:
        yield user_id, ("employees", department_of(user_id))


def recipe(index, seed=SEED):
    """What document number `index` is: all choices from its own seeded generator."""
    rng = random.Random(seed * 1_000_003 + index)
    if index < AUTHOR_DRAFTS:
        portal_type, state, author = "OutgoingDocument", "draft", AUTHOR
    else:
        weights = [w for w, _t, _s in MIX]
        _w, portal_type, state = rng.choices(MIX, weights)[0]
        author = rng.choice(EMPLOYEES)
    department = (
        department_of(author) if portal_type != "IncomingDocument" else rng.choice(DEPARTMENTS)
    )
    title = " ".join(rng.choice(WORDS) for _ in range(5)).capitalize() + f" №{index}"
    head = f"head.{department}.{rng.choice((1, 1, 2, 3)) if author != AUTHOR else 1}"
    director = f"dir.{DIRECTORATES[department]}.{rng.choice((1, 2))}"
    return {
        "index": index,
        "type": portal_type,
        "state": state,
        "author": author,
        "department": department,
        "title": title,
        "clerk": rng.choice(CLERKS),
        "kind": rng.choice(INCOMING_KINDS),
        "channel": rng.choice(CHANNELS),
        "sender": f"Гражданин {rng.randrange(100000)}",
        "head": head,
        "director": director,
        "approvers": [head, director, rng.choice(("secretary", "mayor"))],
        "age_days": rng.randrange(1, 365),
        "executor": rng.choice([e for e in EMPLOYEES[:200] if department_of(e) == department]),
    }


# -- in Zope ---------------------------------------------------------------------------------


def write_config(site: pathlib.Path, host="127.0.0.1", port=8080):
    from ratusha.instance.config import render

    etc, var = site / "etc", site / "var"
    for folder in (etc, var / "filestorage", var / "blobstorage", var / "log", var / "cache"):
        folder.mkdir(parents=True, exist_ok=True)
    (var / "blobstorage").chmod(0o700)
    values = dict(instance=site, var=var, etc=etc, host=host, port=port)
    render(ROOT / "instance" / "zope.conf.in", etc / "zope.conf", **values)
    render(ROOT / "instance" / "zope.ini.in", etc / "zope.ini", **values)
    return etc


def open_site(site: pathlib.Path):
    """Start Zope on the bench site's configuration; create the site when it is missing."""
    import os
    from ratusha.instance import site as site_module

    os.environ.setdefault("RATUSHA_ADMIN_PASSWORD", PASSWORD)
    site_module.main(["--config", str(site / "etc" / "zope.conf")])
    from Testing.makerequest import makerequest
    from zope.component.hooks import setSite
    import Zope2

    app = makerequest(Zope2.app())
    portal = app[site_module.SITE_ID]
    setSite(portal)
    return app, portal


def ensure_people(portal):
    from plone import api
    from ratusha.core.demo import ensure_departments

    ensure_departments()
    existing = set(portal.acl_users.source_users.getUserIds())
    for user_id, groups in people():
        if user_id not in existing:
            api.user.create(
                username=user_id,
                email=f"{user_id}@bench.example",
                password=PASSWORD,
                properties={"fullname": user_id},
            )
            for group in groups:
                api.group.add_user(groupname=group, username=user_id)
    parents = dict(api.portal.get_registry_record("ratusha.registry.department_parents") or {})
    parents.update(DIRECTORATES)
    api.portal.set_registry_record("ratusha.registry.department_parents", parents)
    if PLAIN_PAGE not in portal:
        page = api.content.create(
            container=portal,
            type="Document",
            id=PLAIN_PAGE,
            title="Страница за сравнение",
            description="Обикновена страница на Plone.",
        )
        page.text = None
        api.content.transition(obj=page, to_state="internal")


def import_state(obj, state, actor, when):
    """Put an old document in its final state as a migration would: history, roles, index."""
    from DateTime import DateTime
    from plone import api

    workflows = api.portal.get_tool("portal_workflow")
    workflow = workflows.getWorkflowsFor(obj)[0]
    workflows.setStatusOf(
        workflow.id,
        obj,
        {
            "action": "import",
            "actor": actor,
            "comments": "",
            "review_state": state,
            "time": DateTime(when),
        },
    )
    workflow.updateRoleMappingsFor(obj)


def make_document(portal, spec):
    from DateTime import DateTime
    from plone import api
    from ratusha.registry import actions

    folder = portal.registry
    when = time.time() - spec["age_days"] * 86400
    if spec["type"] == "IncomingDocument":
        with api.env.adopt_user(spec["clerk"]):
            doc = actions.create_incoming(
                folder.incoming,
                {
                    "title": spec["title"],
                    "kind": spec["kind"],
                    "channel": spec["channel"],
                    "sender_name": spec["sender"],
                    "department": spec["department"],
                },
            )
            if spec["state"] != "received":
                actions.register_document(doc)
        if spec["state"] == "assigned":
            with api.env.adopt_user(spec["head"]):
                actions.issue_resolution(doc, [spec["executor"]], "За изпълнение.", term="14d")
        elif spec["state"] == "closed":
            import_state(doc, "closed", spec["head"], when)
    else:
        register = folder.outgoing if spec["type"] == "OutgoingDocument" else folder.internal
        fields = {
            "kind": "letter" if spec["type"] == "OutgoingDocument" else "report",
            "approvers": list(spec["approvers"]),
            "body": spec["title"],
        }
        if spec["type"] == "OutgoingDocument":
            fields["recipients"] = spec["sender"]
        with api.env.adopt_user(spec["author"]):
            doc = api.content.create(
                container=register,
                type=spec["type"],
                id=actions.new_id(spec["type"]),
                title=spec["title"],
                department=spec["department"],
                **fields,
            )
            if spec["state"] == "in_approval":
                actions.submit(doc)
        if spec["state"] in ("dispatched", "registered"):
            signatory = spec["approvers"][-1]
            doc.signed_by = signatory
            import_state(doc, "signed", signatory, when)
            with api.env.adopt_user(spec["clerk"]):
                actions.register_document(doc)
            if spec["state"] == "dispatched":
                import_state(doc, "dispatched", spec["clerk"], when)
    doc.creation_date = DateTime(when)
    doc.modification_date = DateTime(when + 3600)
    doc.reindexObject()
    return doc


def build(site: pathlib.Path, documents: int, seed=SEED, log=print) -> dict:
    import transaction

    if not (site / "etc" / "zope.conf").exists():
        write_config(site)
    began = time.perf_counter()
    app, portal = open_site(site)
    state = dict(getattr(portal, MARKER, None) or {"documents": 0, "seed": seed, "users": 0})
    if state["seed"] != seed:
        raise SystemExit(f"{site} was built with seed {state['seed']}, not {seed}")
    if state["users"] < BENCH_USERS:
        ensure_people(portal)
        state["users"] = BENCH_USERS
        portal._ratusha_bench = dict(state)
        transaction.commit()
        log(f"{BENCH_USERS} people in {time.perf_counter() - began:.0f} s")
    made, started = 0, time.perf_counter()
    for index in range(state["documents"], documents):
        make_document(portal, recipe(index, seed))
        made += 1
        if made % BATCH == 0 or index == documents - 1:
            state["documents"] = index + 1
            portal._ratusha_bench = dict(state)
            transaction.commit()
            app._p_jar.cacheGC()
            rate = made / (time.perf_counter() - started)
            log(f"{index + 1:,} documents ({rate:.1f}/s)")
    info = describe(portal, state, made, time.perf_counter() - started)
    transaction.abort()
    app._p_jar.close()
    (site / "bench-data.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    return info


def describe(portal, state, made, seconds):
    from plone import api

    catalog = api.portal.get_tool("portal_catalog")
    counts = {}
    for brain in catalog.unrestrictedSearchResults(portal_type=[t for _w, t, _s in MIX]):
        key = f"{brain.portal_type}/{brain.review_state}"
        counts[key] = counts.get(key, 0) + 1
    storage = portal._p_jar.db().storage
    return {
        "documents": state["documents"],
        "users": state["users"],
        "seed": state["seed"],
        "catalogued": len(catalog),
        "zodb_objects": len(storage),
        "zodb_bytes": storage.getSize(),
        "by_type_state": counts,
        "last_build": {
            "documents": made,
            "seconds": round(seconds, 1),
            "per_s": round(made / seconds, 2) if made else None,
        },
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=pathlib.Path, required=True)
    parser.add_argument("--documents", type=int, required=True)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    info = build(
        args.site.resolve(), args.documents, args.seed, log=lambda text: print(text, flush=True)
    )
    print(json.dumps(info))


if __name__ == "__main__":
    sys.exit(main())
