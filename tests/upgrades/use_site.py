"""Use the demo site as a council would, with the code of release 1.0.0 (run by make_fixture.py).

The council's staff records who came, the session opens, the budget is voted by name and the
deputy chair elected by secret ballot, the session closes and its protocol goes through the
correction period to approval. Each act is its own transaction, as separate requests are.
Written against release 1.0.0's functions: it runs only with that release on the path.

    python use_site.py --config instance/etc/zope.conf --manifest manifest.json
"""

import argparse
import datetime
import json
import pathlib
import sys
import transaction


sys.path.insert(0, str(pathlib.Path(__file__).parent))

import site_state  # noqa: E402


STAFF, CHAIR = "council.staff", "councillor01"
PRESENT = [f"councillor{n:02d}" for n in range(1, 20)]  # 20 and 21 stay away
NAMED = {"yes": PRESENT[:15], "no": PRESENT[15:17], "abstain": PRESENT[17:18]}
CANDIDATES = ["councillor02", "councillor03"]
SECRET = {
    voter: CANDIDATES[0] if index < 11 else CANDIDATES[1]
    for index, voter in enumerate(PRESENT[:15])
}


def vote(item, kind, ballots, **fields):
    from plone import api
    from ratusha.council.voting import acts

    with api.env.adopt_user(username=CHAIR):
        poll = acts.create_poll(item, kind, **fields)
        acts.open_poll(item, poll)
    transaction.commit()
    for voter, choice in ballots:
        with api.env.adopt_user(username=voter):
            acts.cast_vote(item, poll, choice, None)
        transaction.commit()
    with api.env.adopt_user(username=CHAIR):
        acts.close_poll(item, poll)
    transaction.commit()


def open_session(session, present):
    """The staff records who came, checks the quorum and opens the session (also the restore
    drill's, tests/operations/drill_site.py)."""
    from plone import api
    from ratusha.council import attendance

    with api.env.adopt_user(username=STAFF):
        for councillor in present:
            attendance.record_presence(session, councillor, True, "staff")
        attendance.record_quorum_check(session)
        api.content.transition(obj=session, transition="open")
    transaction.commit()


def hold_session(site):
    from plone import api
    from ratusha.council.councils import agenda
    from ratusha.council.protocol import storage

    session = site.unrestrictedTraverse(site_state.SESSION)
    open_session(session, PRESENT)
    items = agenda(session)
    vote(items[0], "whole", [(v, c) for c, voters in NAMED.items() for v in voters], mode="named")
    vote(items[3], "election", SECRET.items(), options=CANDIDATES)
    with api.env.adopt_user(username=STAFF):
        api.content.transition(obj=session, transition="close")
        api.content.transition(obj=session, transition="start_correction")
        data = storage.info(session)  # the correction period is over: 30 days on
        data["correction_started"] -= datetime.timedelta(days=30)
        api.content.transition(obj=session, transition="approve_protocol")
    transaction.commit()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=pathlib.Path, required=True)
    parser.add_argument("--manifest", type=pathlib.Path, required=True)
    args = parser.parse_args(argv)
    var = args.config.resolve().parent.parent / "var"
    app = site_state.open_app(args.config)
    site = site_state.as_admin(app, app[site_state.SITE_ID])
    hold_session(site)
    state = site_state.read(site, var)
    state["made"] = datetime.datetime.now(datetime.UTC).isoformat()
    state["release"] = site.portal_setup.getLastVersionForProfile("ratusha:default")
    app._p_jar.db().pack()
    app._p_jar.close()
    args.manifest.write_text(
        json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True, default=str),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
