"""Upgrade a site made by an earlier release to this checkout and report what it holds then.

Run by test_from_1_0_0.py with this checkout's code, on an unpacked copy of a fixture:

    python upgrade_site.py --config instance/etc/zope.conf --now 2026-12-08T10:00+00:00 --out r.json

It does what an administrator does after updating the code: Plone's own upgrade when
@@plone-upgrade asks for one, Ratusha's from the add-ons control panel, and each sub-profile's
steps from portal_setup's Upgrades tab. Then it reads the site (site_state.read), checks that
what this checkout's profiles declare is in the site, and registers one incoming document as
the registrar would. The clock stands at --now so the new number falls in the fixture's year.
"""

import argparse
import datetime
import json
import pathlib
import sys
import time_machine
import transaction
import xml.etree.ElementTree as ET


sys.path.insert(0, str(pathlib.Path(__file__).parent))

import site_state  # noqa: E402


PRODUCT = "ratusha"


def profiles(setup) -> list:
    """Ratusha's profiles that this site has installed, the main one first."""
    found = [
        info["id"]
        for info in setup.listProfileInfo()
        if info["id"].startswith(PRODUCT)
        and setup.getLastVersionForProfile(info["id"]) != "unknown"
    ]
    return sorted(found, key=lambda profile: profile != f"{PRODUCT}:default")


def pending(setup) -> dict:
    return {
        profile: {
            "last": ".".join(setup.getLastVersionForProfile(profile)),
            "version": setup.getVersionForProfile(profile),
            "upgrades": [step["title"] for step in setup.listUpgrades(profile)],
        }
        for profile in profiles(setup)
    }


def upgrade(site):
    from plone.base.utils import get_installer

    migration = site.portal_migration
    if migration.needUpgrading():
        migration.upgrade(swallow_errors=False)
    get_installer(site, site.REQUEST).upgrade_product(PRODUCT)
    setup = site.portal_setup
    for profile in profiles(setup):
        setup.upgradeProfile(profile)
    transaction.commit()


def _xml(folder: pathlib.Path, pattern: str):
    for path in sorted(folder.glob(pattern)):
        yield path.relative_to(folder).as_posix(), ET.parse(path).getroot()


def missing(site) -> list:
    """What this checkout's profiles declare and the upgraded site lacks: settings (each
    schema must load, as its control panel does), catalog indexes and columns, types,
    workflows."""
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility
    from zope.dottedname.resolve import resolve

    registry, setup = getUtility(IRegistry), site.portal_setup
    catalog, types, workflows = site.portal_catalog, site.portal_types, site.portal_workflow
    lacking = []
    for profile in profiles(setup):
        folder = pathlib.Path(setup.getProfileInfo(profile)["path"])
        for name, root in [*_xml(folder, "registry.xml"), *_xml(folder, "registry/*.xml")]:
            for records in root.iter("records"):
                try:
                    registry.forInterface(
                        resolve(records.get("interface")), prefix=records.get("prefix")
                    )
                except (KeyError, ImportError) as error:
                    lacking.append(f"{profile} {name}: {records.get('interface')}: {error}")
            lacking += [
                f"{profile} {name}: record {record.get('name')}"
                for record in root.iter("record")
                if record.get("name") and record.get("name") not in registry.records
            ]
        for name, root in _xml(folder, "catalog.xml"):
            lacking += [
                f"{profile} {name}: index {index.get('name')}"
                for index in root.iter("index")
                if index.get("remove") != "True" and index.get("name") not in catalog.indexes()
            ]
            lacking += [
                f"{profile} {name}: column {column.get('value')}"
                for column in root.iter("column")
                if column.get("remove") != "True" and column.get("value") not in catalog.schema()
            ]
        for name, root in _xml(folder, "types.xml"):
            lacking += [
                f"{profile} {name}: type {obj.get('name')}"
                for obj in root.findall("object")
                if obj.get("remove") != "True" and obj.get("name") not in types.objectIds()
            ]
        for name, root in _xml(folder, "workflows.xml"):
            lacking += [
                f"{profile} {name}: workflow {obj.get('name')}"
                for obj in root.findall("object")
                if obj.get("remove") != "True" and obj.get("name") not in workflows.objectIds()
            ]
    return lacking


def register_document(site) -> dict:
    """An incoming document made and registered by the registrar, as at the counter."""
    from plone import api

    incoming = site.unrestrictedTraverse("registry/incoming")
    with api.env.adopt_user(username="registrar"):
        doc = api.content.create(
            container=incoming,
            type="IncomingDocument",
            title="Заявление след обновяването",
            kind="application",
            channel="counter",
            sender_type="person",
            sender_name="Гражданин след обновяване",
        )
        api.content.transition(obj=doc, transition="register")
    transaction.commit()
    return {
        "path": "/".join(doc.getPhysicalPath()),
        "uid": api.content.get_uuid(doc),
        "number": doc.registration_number,
        "state": api.content.get_state(doc),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=pathlib.Path, required=True)
    parser.add_argument("--now", type=datetime.datetime.fromisoformat, required=True)
    parser.add_argument("--out", type=pathlib.Path, required=True)
    args = parser.parse_args(argv)
    var = args.config.resolve().parent.parent / "var"
    with time_machine.travel(args.now, tick=True):
        app = site_state.open_app(args.config)
        site = site_state.as_admin(app, app[site_state.SITE_ID])
        report = {"before": pending(site.portal_setup)}
        upgrade(site)
        report.update(
            after=pending(site.portal_setup),
            missing=missing(site),
            state=site_state.read(site, var),
        )
        report["new_document"] = register_document(site)
        report["numbers_after"] = site_state.sql_rows(var)["registry.sqlite"]
        app._p_jar.close()
    args.out.write_text(
        json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
