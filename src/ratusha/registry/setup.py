"""Install steps of the registry: the registers, versioning, hidden sub-profile.

The default profile's types and workflows come from profiles/default; the catalog indexes and
settings from the registry's own profile (a dependency of the default one). What XML cannot say
(content to create, versioning policies) happens when the default profile has been imported.
"""

from plone import api
from plone.base.interfaces import INonInstallable
from ratusha.registry.content import DOCUMENT_TYPES
from ratusha.registry.content import REGISTER
from ratusha.registry.numbering import DEFAULT_FORMAT
from zope.interface import implementer


FOLDER_ID = "registry"
FOLDER_TITLE = "Деловодство"
OVERVIEW = "registry-overview"

# id, title, index, kind
REGISTERS = (
    ("incoming", "Входящ регистър", "94-00", "incoming"),
    ("outgoing", "Изходящ регистър", "94-01", "outgoing"),
    ("internal", "Регистър на вътрешните документи", "94-02", "internal"),
    ("case-files", "Регистър на преписките", "94-10", "case"),
)
# Not "at_edit_autoversion": that saves a version of every new document, and CMFEditions takes
# each history id from one plain counter (CMFUid), which would make every registration at the
# counter conflict with every other. The registry saves a version when a file is uploaded.
VERSION_POLICIES = ("version_on_revert",)


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        return ["ratusha.registry:default"]


def registry_folder(portal=None):
    portal = portal if portal is not None else api.portal.get()
    return portal.get(FOLDER_ID)


def ensure_registers(portal):
    with api.env.adopt_roles(["Manager"]):
        folder = portal.get(FOLDER_ID)
        if folder is None:
            folder = api.content.create(
                container=portal,
                type="Folder",
                id=FOLDER_ID,
                title=FOLDER_TITLE,
                exclude_from_nav=False,
            )
            api.content.transition(obj=folder, to_state="internal")
            folder.setLayout(OVERVIEW)
            folder.reindexObject()
        for register_id, title, index, kind in REGISTERS:
            if register_id not in folder:
                api.content.create(
                    container=folder,
                    type=REGISTER,
                    id=register_id,
                    title=title,
                    index=index,
                    kind=kind,
                    number_format=DEFAULT_FORMAT,
                    yearly=True,
                )


def ensure_versioning():
    repository = api.portal.get_tool("portal_repository")
    types = list(repository.getVersionableContentTypes())
    for type_id in DOCUMENT_TYPES:
        if type_id not in types:
            types.append(type_id)
        for policy in VERSION_POLICIES:
            repository.addPolicyForContentType(type_id, policy)

    repository.setVersionableContentTypes(types)


def profile_imported(event):
    if event.profile_id != "profile-ratusha:default" or not event.full_import:
        return
    portal = api.portal.get()
    ensure_versioning()
    ensure_registers(portal)
