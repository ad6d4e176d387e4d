"""ratusha-audit: verify the chain, export its head (anchor), purge by retention.

Reads the same environment as the site (see ratusha.audit.config); `make audit-verify`
points it at instance/var. `verify` checks every record and lists every break (one line each),
also a tail cut behind the head table. Exit status: 0 OK, 1 broken chain, 2 usage or
configuration.
"""

import argparse
import datetime
import json
import pathlib
from ratusha.audit import config
from ratusha.audit.store import AuditStore
from ratusha.audit.store import utc_timestamp
import sys


def open_store() -> AuditStore:
    return AuditStore(config.database_url(), config.load_key())


def read_anchor(path):
    data = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    return int(data["seq"]), data["hash"]


def cmd_verify(args) -> int:
    anchor = read_anchor(args.anchor) if args.anchor else None
    verdict = open_store().verify(anchor=anchor)
    print(verdict)
    return 0 if verdict.ok else 1


def cmd_anchor(args) -> int:
    seq, digest = open_store().head()
    text = (
        json.dumps(
            {
                "seq": seq,
                "hash": digest,
                "time": utc_timestamp(),
                "database": config.database_url().split("@")[-1],
            }
        )
        + "\n"
    )
    if args.out:
        pathlib.Path(args.out).write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


def cmd_purge(args) -> int:
    store = open_store()
    now = datetime.datetime.now(datetime.UTC)
    days = config.retention_days()
    if args.event_class:
        days = {args.event_class: args.days if args.days is not None else days[args.event_class]}
    actor = {
        "actor_login": "ratusha-audit",
        "auth_method": "system",
        "instance": config.instance_name(),
    }
    for event_class, keep in sorted(days.items()):
        cutoff = utc_timestamp(now - datetime.timedelta(days=keep))
        count = store.purge(event_class, cutoff, actor=actor)
        print(f"{event_class}: {count} records older than {keep} days purged")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="ratusha-audit", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify", help="check every record and list every break")
    verify.add_argument("--anchor", help="a file written by `anchor`; detects a cut tail")
    verify.set_defaults(run=cmd_verify)
    anchor = commands.add_parser(
        "anchor", help="print (and save) the chain's head for off-box keeping"
    )
    anchor.add_argument("--out", help="also write it to this file")
    anchor.set_defaults(run=cmd_anchor)
    purge = commands.add_parser("purge", help="blank records past their retention period")
    purge.add_argument("--class", dest="event_class", help="only this event class")
    purge.add_argument("--days", type=int, help="keep this many days (with --class)")
    purge.set_defaults(run=cmd_purge)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except config.NotConfigured as exc:
        print(f"ratusha-audit: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
