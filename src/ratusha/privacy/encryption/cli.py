"""ratusha-keys: the keys of encryption at rest (docs/keys.md).

  status            the key folder, each ring's keys (numbers only, never the material)
  rotate [--search] a new encryption key (or search key) becomes the newest; old ones still work
  reencrypt         with the site: encrypt clear leftovers, move tokens to the newest key and,
                    while the search ring has older keys, reindex the ЕГН search keys; in batches,
                    a commit after each, while the site keeps running
  retire [--search] remove the ring's older keys; refused while a value still needs one

Exit status: 0 done, 1 refused (values still need an old key) or to be run again (a batch met
a concurrent change and was rolled back; running again is harmless), 2 usage or configuration.
"""

import argparse
import pathlib
from ratusha.privacy.encryption import keyring
import sys


def cmd_status(args) -> int:
    print(f"keys: {keyring.keys_dir()}")
    for ring in keyring.RINGS:
        keyring.keys(ring)  # a first key when the ring is empty
        numbers = keyring.key_ids(ring)
        print(f"{ring}: {len(numbers)} key(s) {numbers}, newest {numbers[-1]}")
    return 0


def cmd_rotate(args) -> int:
    ring = keyring.HMAC if args.search else keyring.FERNET
    keyring.keys(ring)
    number = keyring.add_key(ring)
    print(f"{ring}: key {number} is the newest; run `ratusha-keys reencrypt`, then `retire`")
    return 0


def read_config(config: pathlib.Path) -> None:
    """The instance's zope.conf sets the environment (where the keys and the data are).

    Testing (makerequest's package) points INSTANCE_HOME at a throw-away test database when it
    is first imported, so it is imported before the configuration sets the instance's own."""
    import Testing.makerequest  # noqa: F401
    from Zope2.Startup.run import configure_wsgi

    configure_wsgi(str(config))


def open_site(site_id: str):
    """The Zope application's site, as a system user (what `ratusha-site` does)."""
    from AccessControl.SecurityManagement import newSecurityManager
    from AccessControl.SpecialUsers import system
    from Testing.makerequest import makerequest
    from zope.component.hooks import setSite
    import Zope2

    app = makerequest(Zope2.app())
    newSecurityManager(None, system)
    site = app.unrestrictedTraverse(site_id)
    setSite(site)
    return site


def cmd_reencrypt(args) -> int:
    from ratusha.privacy.encryption.content import refresh_all
    import transaction
    from ZODB.POSException import ConflictError

    site = open_site(args.site)
    conflicts = []

    def commit():
        try:
            transaction.commit()
        except ConflictError:  # a clerk changed a document of the batch meanwhile
            transaction.abort()
            conflicts.append(1)
        site._p_jar.cacheGC()

    newest_search_key = keyring.key_ids(keyring.HMAC)[-1]
    counts = refresh_all(site, batch_size=args.batch, commit=commit)
    print(f"{counts['objects']} object(s) read, {counts['written']} written")
    if conflicts:
        print(f"{len(conflicts)} batch(es) met a concurrent change: run `reencrypt` again")
        return 1
    keyring.set_indexed_with(newest_search_key)
    return 0


def cmd_retire(args) -> int:
    ring = keyring.HMAC if args.search else keyring.FERNET
    numbers = keyring.key_ids(ring)
    if ring == keyring.FERNET and len(numbers) > 1:
        from ratusha.privacy.encryption.content import stale

        left = stale(open_site(args.site))
        if left:
            print(f"{left} value(s) still need an older key: run `ratusha-keys reencrypt` first")
            return 1
    if ring == keyring.HMAC and len(numbers) > 1 and keyring.indexed_with() != numbers[-1]:
        print("The catalog has older search keys: run `ratusha-keys reencrypt` first")
        return 1
    for number in numbers[:-1]:
        keyring.remove_key(ring, number)
    print(f"{ring}: {len(numbers[:-1])} older key(s) removed, key {numbers[-1]} remains")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="ratusha-keys", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("status").set_defaults(run=cmd_status)
    for name, run in (("rotate", cmd_rotate), ("retire", cmd_retire)):
        command = commands.add_parser(name)
        command.add_argument("--search", action="store_true", help="the search keys (HMAC)")
        command.set_defaults(run=run)
    reencrypt = commands.add_parser("reencrypt")
    reencrypt.add_argument("--batch", type=int, default=200)
    reencrypt.set_defaults(run=cmd_reencrypt)
    parser.add_argument(
        "--config",
        default="instance/etc/zope.conf",
        type=pathlib.Path,
        help="the instance's zope.conf, read when it exists (its environment says where)",
    )
    parser.add_argument("--site", default="ratusha")
    args = parser.parse_args(argv)
    try:
        if args.config.exists():
            read_config(args.config)
        return args.run(args)
    except keyring.KeysNotConfigured as exc:
        print(exc, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
