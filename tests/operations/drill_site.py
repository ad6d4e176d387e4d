"""The work of the restore drill, in Zope processes of their own as the site's are.

    python drill_site.py --config inst/etc/zope.conf --phase work --backup-to B --keys-to K --out o.json
    python drill_site.py --config inst/etc/zope.conf --phase check --out o.json

work   creates the demo site, then: the registrar registers documents, the council's session
       opens and a named vote starts (before); a full backup runs while this process holds the
       ZODB open; more documents and votes (middle); an incremental backup; more (after)
check  (after the restore) reads what is there, the vote goes on, one more document is
       registered, and the front page and a document's page render through Zope's publisher
"""

import argparse
import base64
import json
import pathlib
import subprocess
import sys
import transaction


sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "upgrades"))

import site_state  # noqa: E402
import use_site  # noqa: E402


CHAIR, REGISTRAR = "councillor01", "registrar"
PRESENT = [f"councillor{n:02d}" for n in range(1, 16)]
VOTERS = {"before": PRESENT[:4], "middle": PRESENT[4:7], "after": PRESENT[7:12]}
DOCUMENTS = {"before": 3, "middle": 1, "after": 2, "check": 1}


def register(site, phase: str) -> list[dict]:
    """Incoming documents registered by the registrar, one transaction each (one per request)."""
    from plone import api

    incoming = site.unrestrictedTraverse("registry/incoming")
    made = []
    for count in range(DOCUMENTS[phase]):
        with api.env.adopt_user(username=REGISTRAR):
            doc = api.content.create(
                container=incoming,
                type="IncomingDocument",
                title=f"Заявление {phase} {count + 1}",
                kind="application",
                channel="counter",
                sender_type="person",
                sender_name=f"Гражданин {phase} {count + 1}",
            )
            api.content.transition(obj=doc, transition="register")
        transaction.commit()
        made.append(document(doc))
    return made


def document(doc) -> dict:
    from plone import api

    return {
        "path": "/".join(doc.getPhysicalPath()),
        "uid": api.content.get_uuid(doc),
        "number": doc.registration_number,
        "seq": doc.registration_seq,
        "period": doc.registration_year,
    }


def budget_item(site):
    from ratusha.council.councils import agenda

    return agenda(site.unrestrictedTraverse(site_state.SESSION))[0]


def open_vote(site):
    """Presence, the quorum check, the session opened and a named vote on its first item."""
    from plone import api
    from ratusha.council.voting import acts

    use_site.open_session(site.unrestrictedTraverse(site_state.SESSION), PRESENT)
    item = budget_item(site)
    with api.env.adopt_user(username=CHAIR):
        poll = acts.create_poll(item, "whole", mode="named")
        acts.open_poll(item, poll)
    transaction.commit()
    return item, poll


def the_poll(item):
    from ratusha.council.voting import polls

    found = polls.polls_of(item)
    return found[-1] if found else None


def cast(item, poll, voters) -> None:
    from plone import api
    from ratusha.council.voting import acts

    for voter in voters:
        with api.env.adopt_user(username=voter):
            acts.cast_vote(item, poll, "yes", None)
        transaction.commit()


def poll_state(item) -> dict:
    poll = the_poll(item)
    if poll is None:
        return {}
    return {"id": poll.id, "state": poll.state, "voters": sorted(poll.box.ballots)}


def pages(config: pathlib.Path, doc_path: str) -> dict:
    """Status and a piece of the front page (anonymous) and a document's page (registrar)."""
    from ratusha.core.demo import DEMO_PASSWORD
    from zope.testbrowser.browser import Browser
    from Zope2.Startup.run import make_wsgi_app

    browser = Browser(wsgi_app=make_wsgi_app({}, str(config)))
    browser.handleErrors = False
    browser.open("http://localhost/ratusha")
    front = {"status": browser.headers["status"], "title": "Ратуша" in browser.contents}
    login = base64.b64encode(f"{REGISTRAR}:{DEMO_PASSWORD}".encode()).decode()
    browser.addHeader("Authorization", f"Basic {login}")
    browser.open(f"http://localhost{doc_path}")
    return {
        "front": front,
        "document": {"status": browser.headers["status"], "html": browser.contents},
    }


def backup(args, full: bool) -> dict:
    """`ratusha-backup backup` (or `backup-cluster`) in a process of its own while this one
    serves the site."""
    command = [sys.executable, "-m", "ratusha.instance.backup"]
    if args.cluster:
        command += ["backup-cluster", "--dir", args.cluster, "--pg-port", args.pg_port]
    else:
        var = args.config.resolve().parent.parent / "var"
        command += ["backup", "--var", var] + (["--full"] if full else [])
    command += ["--to", args.backup_to, "--keys-to", args.keys_to]
    done = subprocess.run([str(part) for part in command], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def work(site, args) -> dict:
    from ratusha.instance.site import create_site

    if site_state.SITE_ID not in site.objectIds():
        create_site(site)
        transaction.commit()
    site = site_state.as_admin(site, site[site_state.SITE_ID])
    report = {"before": register(site, "before")}
    item, poll = open_vote(site)
    cast(item, poll, VOTERS["before"])
    report["full"] = backup(args, full=True)
    report["middle"] = register(site, "middle")
    cast(item, poll, VOTERS["middle"])
    report["poll_at_backup"] = poll_state(item)
    report["incremental"] = backup(args, full=False)
    report["after"] = register(site, "after")
    cast(item, poll, VOTERS["after"])
    report["poll"] = poll_state(item)
    return report


def check(site, args) -> dict:
    site = site_state.as_admin(site, site[site_state.SITE_ID])
    catalog = site.portal_catalog.unrestrictedSearchResults
    report = {
        "registered": sorted(
            brain.registry_number
            for brain in catalog(portal_type="IncomingDocument")
            if brain.registry_number
        )
    }
    item = budget_item(site)
    report["poll_restored"] = poll_state(item)
    cast(item, the_poll(item), PRESENT[12:13])  # the vote goes on
    report["poll"] = poll_state(item)
    report["documents"] = register(site, "check")
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=pathlib.Path, required=True)
    parser.add_argument("--phase", choices=("work", "check"), required=True)
    parser.add_argument("--backup-to", type=pathlib.Path)
    parser.add_argument("--keys-to", type=pathlib.Path)
    parser.add_argument("--cluster", type=pathlib.Path, help="back up this cluster's folder")
    parser.add_argument("--pg-port", type=int, default=54330)
    parser.add_argument("--out", type=pathlib.Path, required=True)
    args = parser.parse_args(argv)
    app = site_state.open_app(args.config)
    if args.phase == "work":
        from AccessControl.SecurityManagement import newSecurityManager
        from ratusha.instance.site import ensure_admin

        ensure_admin(app, "drill")
        transaction.commit()
        newSecurityManager(None, app.acl_users.getUserById("admin").__of__(app.acl_users))
        report = work(app, args)
    else:
        report = check(app, args)
    app._p_jar.close()
    if args.phase == "check":
        report["pages"] = pages(args.config, report["documents"][0]["path"])
    args.out.write_text(
        json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
