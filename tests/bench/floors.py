"""The in-process floors, measured on the same site right after its HTTP operations.

Runs as its own process on the site's zope.conf (the server is stopped by then) and prints JSON:

- catalog: the catalog queries behind "for my approval" and the REST search, as the same user,
  with the same sorting and limit, reading the brains' metadata, and nothing else;
- commit: a bare ZODB commit that touches exactly the objects one workflow transition wrote
  (found in the storage's last transactions by the request path Zope notes on each).
"""

import argparse
import json
import pathlib
import sys
import time


HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from harness import timed  # noqa: E402


def open_app(config):
    # Testing's import installs a test configuration: import it before configuring ours
    from Testing.makerequest import makerequest
    from Zope2.Startup.run import configure_wsgi

    configure_wsgi(str(config))
    import Zope2

    return makerequest(Zope2.app())


def as_user(portal, user_id):
    from AccessControl.SecurityManagement import newSecurityManager
    from zope.component.hooks import setSite

    setSite(portal)
    user = portal.acl_users.getUserById(user_id)
    newSecurityManager(None, user.__of__(portal.acl_users))


def catalog_floor(portal, query, limit, repeat):
    catalog = portal.portal_catalog

    def run():
        brains = catalog.searchResults(**query)
        len(brains)
        for brain in brains[:limit]:
            brain.Title, brain.review_state, brain.modified  # noqa: B018 - metadata reads

    return timed(run, repeat)


def worklist_query(user_id):
    from ratusha.registry import worklists

    return worklists.query("for-approval", user_id)


def touched_oids(storage, note, since):
    """The oids written by the median of the transactions since `since` whose note has `note`
    (Zope notes the request's path on each transaction)."""
    from ZODB.TimeStamp import TimeStamp

    seconds = time.gmtime(since)
    start = TimeStamp(*seconds[:5], seconds.tm_sec + since % 1).raw()
    found = []
    for txn in storage.iterator(start):
        description = (
            txn.description.decode("utf-8", "replace")
            if isinstance(txn.description, bytes)
            else str(txn.description)
        )
        if note in description:
            found.append([record.oid for record in txn])
    if not found:
        return []
    found.sort(key=len)
    return found[len(found) // 2]


def commit_floor(app, oids, repeat):
    import transaction

    connection = app._p_jar

    def run():
        for oid in oids:
            obj = connection.get(oid)
            obj._p_activate()
            obj._p_changed = True
        transaction.commit()

    return timed(run, repeat)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--spec", required=True, help="JSON: what to measure")
    args = parser.parse_args(argv)
    spec = json.loads(args.spec)
    app = open_app(args.config)
    portal = app[spec.get("site", "ratusha")]
    out = {}
    repeat = spec.get("repeat", 100)
    for name, item in spec.get("catalog", {}).items():
        as_user(portal, item["user"])
        query = worklist_query(item["user"]) if item.get("worklist") else item["query"]
        catalog_floor(portal, query, item["limit"], 5)  # warm the cache like the server's
        out[name] = catalog_floor(portal, query, item["limit"], repeat)
    if spec.get("commit"):
        storage = app._p_jar.db().storage
        began = time.perf_counter()
        oids = touched_oids(storage, spec["commit"]["note"], spec["commit"]["since"])
        scan = time.perf_counter() - began
        if oids:
            commit_floor(app, oids, 5)
            out["commit"] = dict(
                commit_floor(app, oids, repeat), objects=len(oids), scan_s=round(scan, 1)
            )
        else:
            out["commit"] = {"error": f"no transaction noted {spec['commit']['note']}"}
    app._p_jar.close()
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
