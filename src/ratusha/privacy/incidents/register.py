"""The register: where incidents live, filing one, finding them.

Incidents live in the folder /incidents, made on the first filing (a site that never had an
incident has no empty folder to guard). Each incident is protected by its own workflow:
only those with "Ratusha: Manage personal data" (the officer, managers) see or change it.
Whoever filed it — an employee, or the software from an alert — gets no local role on it.
"""

from Acquisition import aq_base
import datetime
from plone import api
from plone.base.interfaces.constrains import ENABLED
from plone.base.interfaces.constrains import ISelectableConstrainTypes
from plone.dexterity.utils import createContentInContainer
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.dates import sofia
from ratusha.core.permissions import ManagePersonalData
from ratusha.notifications.interfaces import notify
from ratusha.privacy.incidents import form
from ratusha.privacy.incidents.content import INCIDENT


FOLDER = "incidents"
DPO = "role:Data Protection Officer"


def may_report() -> bool:
    """Every employee may report a suspected incident, and whoever manages personal data;
    a citizen's account (or any other signed-in visitor) may not."""
    if api.user.is_anonymous():
        return False
    portal = api.portal.get()
    if api.user.has_permission(ManagePersonalData, obj=portal):
        return True
    return "Employee" in api.user.get_roles(user=api.user.get_current(), obj=portal)


def folder(create=False):
    portal = api.portal.get()
    found = portal.get(FOLDER) if FOLDER in portal.objectIds() else None
    if found is None and create:
        with api.env.adopt_roles(["Manager"]):
            found = api.content.create(
                container=portal,
                type="Folder",
                id=FOLDER,
                title=translate_bg(_("incidents_folder_title", default="Incident register")),
            )
            found.exclude_from_nav = True
            constraints = ISelectableConstrainTypes(found)
            constraints.setConstrainTypesMode(ENABLED)
            constraints.setLocallyAllowedTypes([])  # incidents come through the register's acts
            found.reindexObject()
    return found


def translate_bg(message):
    from zope.i18n import translate

    return translate(message, target_language="bg")


def incidents(unrestricted=False):
    """Every incident on the register (the current user's view of it unless `unrestricted`)."""
    catalog = api.portal.get_tool("portal_catalog")
    search = catalog.unrestrictedSearchResults if unrestricted else catalog.searchResults
    brains = search(portal_type=INCIDENT, sort_on="created", sort_order="descending")
    return [b._unrestrictedGetObject() if unrestricted else b.getObject() for b in brains]


def by_source_key(key):
    return [i for i in incidents(unrestricted=True) if i.source_key == key]


def next_id(container) -> str:
    year = datetime.datetime.now(datetime.UTC).astimezone(form.SOFIA).year
    number = 1 + sum(1 for i in container.objectIds() if i.startswith(f"{year}-"))
    while f"{year}-{number:03d}" in container.objectIds():
        number += 1
    return f"{year}-{number:03d}"


def file_incident(
    title, source, discovered=None, description="", key=None, details=None, reporter=None
):
    """A new incident in «reported», or the one already filed for `key` (then None is new)."""
    if key is not None:
        known = by_source_key(key)
        if known:
            return known[0], False
    container = folder(create=True)
    with api.env.adopt_roles(["Manager"]):
        incident = createContentInContainer(
            container,
            INCIDENT,
            checkConstraints=False,
            id=next_id(container),
            title=title,
            source=source,
            description=description,
            discovered=sofia(discovered or datetime.datetime.now(datetime.UTC)),
            risk="unassessed",
        )
    incident.source_key = key
    incident.source_details = details
    incident.reported_by = reporter
    creator = api.user.get_current().getId()
    if creator and creator in (aq_base(incident).__ac_local_roles__ or {}):
        incident.manage_delLocalRoles([creator])
    incident.setCreators(["ratusha"] if reporter is None else [reporter])
    incident.reindexObject()
    record(
        "privacy.incident-reported",
        obj=incident,
        details={"incident": incident.getId(), "source": source, "key": key},
    )
    notify(
        [DPO],
        "privacy.incident",
        _(
            "notice_incident_reported",
            default="New incident ${id}: ${title}",
            mapping={"id": incident.getId(), "title": title},
        ),
        "",
        incident.absolute_url(),
    )
    return incident, True
