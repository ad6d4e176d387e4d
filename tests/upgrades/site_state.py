"""What a used site holds, read the same way under release 1.0.0 and under HEAD.

It reads stored data as it lies (catalog, attributes, annotations, SQL rows through the stdlib's
sqlite3), not through Ratusha's modules, so the reading does not change when the code moves
and a class that no longer unpickles fails here instead of being skipped.
"""

import json
import pathlib
import sqlite3


SITE_ID = "ratusha"
DATABASES = ("audit.sqlite", "registry.sqlite", "ballots.sqlite")
VOTING = "ratusha.council.voting"
PROTOCOL = "ratusha.council.protocol"
SESSION = "council/zasedanie-12"


def open_app(config: pathlib.Path):
    """The Zope application of `config` with a request, as a Zope script has it."""
    from Testing.makerequest import makerequest
    import Zope2
    from Zope2.Startup.run import configure_wsgi

    configure_wsgi(str(config))
    return makerequest(Zope2.app())


def as_admin(app, site):
    """Act as the Zope root's administrator inside `site`."""
    from AccessControl.SecurityManagement import newSecurityManager
    from zope.component.hooks import setSite

    admin = app.acl_users.getUserById("admin").__of__(app.acl_users)
    newSecurityManager(None, admin)
    setSite(site)
    return site


def plain(value):
    """JSON's view of stored values (datetimes as text, tuples as lists)."""
    return json.loads(json.dumps(value, default=str, sort_keys=True))


def sql_rows(var: pathlib.Path) -> dict:
    """database file -> table -> every row (as lists), in primary-key order."""
    found = {}
    for name in DATABASES:
        path = var / name
        if not path.exists():
            continue
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            tables = [
                row[0]
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                    "AND name NOT LIKE 'alembic_version%' ORDER BY name"
                )
            ]
            found[name] = {
                table: [
                    list(row)
                    for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
                ]
                for table in tables
            }
    return found


def documents(site) -> dict:
    """path -> type, state, registration number and UID of every registered document."""
    found = {}
    for brain in site.portal_catalog.unrestrictedSearchResults(
        path="/".join(site.getPhysicalPath())
    ):
        obj = brain._unrestrictedGetObject()
        number = getattr(obj, "registration_number", None)
        if number:
            found[brain.getPath()] = plain(
                {
                    "type": brain.portal_type,
                    "number": number,
                    "state": brain.review_state,
                    "uid": brain.UID,
                }
            )
    return found


def content_counts(site) -> dict:
    counts = {}
    for brain in site.portal_catalog.unrestrictedSearchResults(
        path="/".join(site.getPhysicalPath())
    ):
        counts[brain.portal_type] = counts.get(brain.portal_type, 0) + 1
    return counts


def votes(site) -> dict:
    """agenda item path -> its polls with every stored ballot, total and outcome."""
    from zope.annotation.interfaces import IAnnotations

    found = {}
    for brain in site.portal_catalog.unrestrictedSearchResults(portal_type="AgendaItem"):
        item = brain._unrestrictedGetObject()
        voting = IAnnotations(item).get(VOTING)
        if voting is None or not voting.polls:
            continue
        found[brain.getPath()] = {
            "decision": plain(voting.decision),
            "polls": [
                plain(
                    {
                        "id": poll.id,
                        "kind": poll.kind,
                        "mode": poll.mode,
                        "title": poll.title,
                        "opened": poll.opened,
                        "closed": poll.closed,
                        "outcome": poll.outcome,
                        "elected": poll.elected,
                        "options": list(poll.box.options),
                        "present": list(poll.box.present),
                        "totals": poll.box.totals,
                        "ballots": {voter: ballot[0] for voter, ballot in poll.box.ballots.items()},
                        "voted": list(poll.box.voted),
                    }
                )
                for poll in voting.polls
            ],
        }
    return found


def protocol(site) -> dict:
    from plone import api
    from zope.annotation.interfaces import IAnnotations

    session = site.unrestrictedTraverse(SESSION)
    stored = IAnnotations(session).get(PROTOCOL) or {}
    return {"state": api.content.get_state(session), "stored": plain(dict(stored))}


def read(site, var: pathlib.Path) -> dict:
    return {
        "documents": documents(site),
        "content": content_counts(site),
        "votes": votes(site),
        "protocol": protocol(site),
        "sql": sql_rows(var),
    }
