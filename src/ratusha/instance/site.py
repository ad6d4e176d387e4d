"""Create the Ratusha Plone site in the configured instance if it does not exist yet.

Run by `make run` before serving. A second run finds the site and only makes sure the
administrator account exists, so a restart costs one Zope start-up and no more.
"""

import argparse
import os
import pathlib
import secrets
import sys


SITE_ID = "ratusha"
PROFILES = ("ratusha:default", "ratusha:demo")
ADMIN_USER = os.environ.get("RATUSHA_ADMIN_USER", "admin")


def admin_password(var: pathlib.Path) -> tuple[str, str]:
    """The administrator password: from RATUSHA_ADMIN_PASSWORD, else a generated file in var."""
    from_env = os.environ.get("RATUSHA_ADMIN_PASSWORD")
    if from_env:
        return from_env, "the RATUSHA_ADMIN_PASSWORD environment variable"
    path = var / "admin-password"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(12) + "\n", encoding="utf-8")
        os.chmod(path, 0o600)
    return path.read_text(encoding="utf-8").strip(), str(path)


def ensure_admin(app, password: str) -> None:
    """The Zope root's own user folder holds the administrator, outside any Plone site."""
    users = app.acl_users
    if ADMIN_USER in users.getUserNames():
        users._doChangeUser(ADMIN_USER, password, ["Manager"], [])
    else:
        users._doAddUser(ADMIN_USER, password, ["Manager"], [])


def create_site(app):
    from Products.CMFPlone.factory import addPloneSite

    site = addPloneSite(
        app,
        SITE_ID,
        title="Ратуша",
        default_language="bg",
        portal_timezone="Europe/Sofia",
        extension_ids=PROFILES,
    )
    return site


def print_demo_logins() -> None:
    from ratusha.core.demo import DEMO_PASSWORD
    from ratusha.core.demo import STAFF

    print(f"Demo logins (password '{DEMO_PASSWORD}', local use only):")
    for user_id, fullname, title, _groups in STAFF:
        print(f"  {user_id:<18} {fullname} — {title}")
    print("  councillor01 … councillor21  общински съветници (councillor01 председател)")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="instance/etc/zope.conf", type=pathlib.Path)
    parser.add_argument(
        "--var", type=pathlib.Path, help="data folder (default: ../var next to the config's etc/)"
    )
    args = parser.parse_args(argv)
    config = args.config.resolve()
    var = (args.var or config.parent.parent / "var").resolve()
    var.mkdir(parents=True, exist_ok=True)
    # The audit trail and the secrets find their files through RATUSHA_VAR; a zope.conf that
    # does not set it (buildout's) would leave them unconfigured while the site is created.
    os.environ["RATUSHA_VAR"] = str(var)
    marker = var / f"site-{SITE_ID}.created"
    password, source = admin_password(var)
    if (
        marker.exists()
        and (var / "filestorage" / "Data.fs").exists()
        and not os.environ.get("RATUSHA_ADMIN_PASSWORD")
    ):
        print(f"Site '{SITE_ID}' exists; administrator password in {source}")
        print_demo_logins()
        return

    from AccessControl.SecurityManagement import newSecurityManager
    from Testing.makerequest import makerequest
    import transaction
    from zope.component.hooks import setSite
    import Zope2
    from Zope2.Startup.run import configure_wsgi

    configure_wsgi(str(config))
    app = makerequest(Zope2.app())
    ensure_admin(app, password)
    transaction.commit()
    if SITE_ID not in app.objectIds():
        admin = app.acl_users.getUserById(ADMIN_USER).__of__(app.acl_users)
        newSecurityManager(None, admin)
        print(f"Creating the site '{SITE_ID}' with {', '.join(PROFILES)} ...", flush=True)
        site = create_site(app)
        setSite(None)
        transaction.commit()
        print(f"Created {site.absolute_url_path()}")
    marker.write_text("created\n", encoding="utf-8")
    app._p_jar.close()
    print(f"Administrator '{ADMIN_USER}'; password in {source}")
    print_demo_logins()


if __name__ == "__main__":
    sys.exit(main())
