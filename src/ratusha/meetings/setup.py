"""Install steps: the catalog index (own hidden profile), the rooms folder, personal rooms."""

import hashlib
from plone import api
from plone.base.interfaces import INonInstallable
from Products.CMFPlone.interfaces.constrains import ENABLED
from Products.CMFPlone.interfaces.constrains import ISelectableConstrainTypes
from ratusha import _
from ratusha.meetings.content import MEETING
from ratusha.meetings.content import ROOM
from ratusha.meetings.interfaces import IPersonalRoom
import re
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.interface import implementer


PROFILE = "profile-ratusha.meetings:default"
FOLDER_ID = "meetings"
FOLDER_TITLE = "Срещи и зали"
PERSONAL_ID = "personal"
PERSONAL_TITLE = "Лични стаи"
ROOMS_VIEW = "meeting-rooms"
ORGANISERS = (
    "Employee",
    "Department Head",
    "Director",
    "Secretary",
    "Mayor",
    "Council Chair",
    "Council Staff",
    "Contributor",
    "Owner",
    "Manager",
    "Site Administrator",
)
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        return ["ratusha.meetings:default"]


def _constrain(folder, types):
    constraints = ISelectableConstrainTypes(folder)
    constraints.setConstrainTypesMode(ENABLED)
    constraints.setLocallyAllowedTypes(types)
    constraints.setImmediatelyAddableTypes(types)


def ensure_folders(portal):
    with api.env.adopt_roles(["Manager"]):
        folder = portal.get(FOLDER_ID)
        if folder is None:
            folder = api.content.create(
                container=portal, type="Folder", id=FOLDER_ID, title=FOLDER_TITLE
            )
            api.content.transition(obj=folder, to_state="internal")
            folder.setLayout(ROOMS_VIEW)
        personal = folder.get(PERSONAL_ID)
        if personal is None:
            personal = api.content.create(
                container=folder,
                type="Folder",
                id=PERSONAL_ID,
                title=PERSONAL_TITLE,
                exclude_from_nav=True,
            )
            api.content.transition(obj=personal, to_state="internal")
            personal.setLayout(ROOMS_VIEW)
            _constrain(personal, [ROOM])
            personal.manage_permission(
                "Add portal content", ("Manager", "Site Administrator"), acquire=False
            )
            personal.reindexObjectSecurity()
            # staff who organise meetings may add rooms here (the type's own add permission
            # narrows it further); Folder's workflow does not manage this permission
            _constrain(folder, [ROOM])
            folder.manage_permission("Add portal content", ORGANISERS, acquire=False)
            folder.reindexObjectSecurity()
    return folder


def rooms_folder(portal=None):
    portal = portal if portal is not None else api.portal.get()
    return portal.get(FOLDER_ID)


def personal_room_id(user_id: str) -> str:
    if SAFE_ID.match(user_id) and user_id not in (FOLDER_ID, PERSONAL_ID):
        return user_id
    return "room-" + hashlib.sha256(user_id.encode("utf-8")).hexdigest()[:16]


def personal_room(user_id: str, create: bool = False):
    """The employee's own room ("my room"), made on first use."""
    folder = rooms_folder()
    personal = folder.get(PERSONAL_ID) if folder is not None else None
    if personal is None:
        return None
    room_id = personal_room_id(user_id)
    room = personal.get(room_id)
    if room is not None and getattr(room, "personal_owner", None) == user_id:
        return room
    if room is not None or not create:
        return None
    user = api.user.get(userid=user_id)
    name = (user.getProperty("fullname", "") if user is not None else "") or user_id
    title = translate(
        _("personal_room_title", default="${name}'s room", mapping={"name": name}),
        target_language=api.portal.get_default_language(),
    )
    with api.env.adopt_roles(["Manager"]):
        # open with the lobby on: colleagues with the link knock and the owner admits them;
        # the one-to-one meetings inside stay visible to their own people only
        room = api.content.create(
            container=personal,
            type=ROOM,
            id=room_id,
            title=title,
            personal_owner=user_id,
            owners=[user_id],
            allow_guests=True,
            lobby=True,
        )
        alsoProvides(room, IPersonalRoom)
        api.content.transition(obj=room, transition="open_to_staff")
        creator = api.user.get_current().getId()
        if creator != user_id:
            room.manage_delLocalRoles([creator])
        room.setCreators([user_id])
        room.reindexObject()
        room.reindexObjectSecurity()
    return room


def index_series():
    """Fill meeting_last_end and meeting_recurrence for meetings catalogued before they
    existed (GenericSetup adds an index without indexing anything); the number done."""
    catalog = api.portal.get_tool("portal_catalog")
    index = catalog._catalog.getIndex("meeting_last_end")
    done = 0
    for brain in catalog.unrestrictedSearchResults(portal_type=MEETING):
        if index.getEntryForObject(brain.getRID()) is None:
            brain._unrestrictedGetObject().reindexObject(idxs=["meeting_last_end"])
            done += 1
    return done


def profile_imported(event):
    if event.profile_id != "profile-ratusha:default" or not event.full_import:
        return
    api.portal.get_tool("portal_setup").runAllImportStepsFromProfile(PROFILE)
    ensure_folders(api.portal.get())
    index_series()
