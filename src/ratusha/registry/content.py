"""Content classes of the registry and the checks their workflow guards call."""

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from Acquisition import aq_inner
from Acquisition import aq_parent
from plone.dexterity.content import Container
from plone.dexterity.content import Item
from Products.CMFCore.utils import _checkPermission
from ratusha.core.permissions import RegisterDocument
from ratusha.privacy.interfaces import EncryptedAttribute
from ratusha.registry import chain
from ratusha.registry.config import today
from ratusha.registry.interfaces import IApprovable
from ratusha.registry.interfaces import IRegistryDocument
from ratusha.registry.interfaces import IRegistryItem
from ratusha.registry.special import is_marked
from ratusha.registry.special import SpecialText
from ratusha.registry.substitutes import all_substitutions
import secrets
from zope.interface import implementer


INCOMING, OUTGOING, INTERNAL = "IncomingDocument", "OutgoingDocument", "InternalDocument"
CASE_FILE, RESOLUTION, TASK, REGISTER = "CaseFile", "Resolution", "RegistryTask", "Register"
DOCUMENT_TYPES = (INCOMING, OUTGOING, INTERNAL)
APPROVABLE_TYPES = (OUTGOING, INTERNAL)
# what each kind of register holds
REGISTER_TYPES = {
    "incoming": (INCOMING,),
    "outgoing": (OUTGOING,),
    "internal": (INTERNAL,),
    "case": (CASE_FILE,),
}
ID_PREFIX = {
    INCOMING: "in",
    OUTGOING: "out",
    INTERNAL: "int",
    CASE_FILE: "case",
    RESOLUTION: "resolution",
    TASK: "task",
}


def new_id(portal_type):
    """Random ids: concurrent clerks never compete for the same name in a register."""
    return f"{ID_PREFIX.get(portal_type, 'doc')}-{secrets.token_hex(5)}"


def _user_id(user):
    return user.getId() if hasattr(user, "getId") else user


class Register(Container):
    """A register: its kind decides which documents can be added to it.

    Unordered: documents are listed by number, and an ordered folder keeps its order in one
    list that every concurrent registration would change (a ConflictError each time)."""

    _ordering = "unordered"

    def notifyModified(self):
        # A document added to the register does not change the register; writing its
        # modification date each time would make concurrent registrations conflict on it.
        # Edits of the register itself set the date (subscribers.register_edited).
        pass

    def allowedContentTypes(self, context=None):
        allowed = REGISTER_TYPES.get(getattr(self, "kind", None), ())
        return [fti for fti in super().allowedContentTypes(context) if fti.getId() in allowed]

    def register_key(self):
        from plone.uuid.interfaces import IUUID

        return IUUID(self)


def numbered_title(obj):
    """The registration number leads the title once the item is registered."""
    title = obj.title or ""
    if obj.registration_number:
        return f"{obj.registration_number} {title}".strip()
    return title


def parent_register(obj):
    parent = aq_parent(aq_inner(obj))
    return parent if getattr(parent, "portal_type", None) == REGISTER else None


@implementer(IRegistryDocument)
class RegistryDocument(Container):
    """Shared by incoming, outgoing and internal documents."""

    registration_number = None
    registration_seq = None
    registration_year = None
    registration_date = None
    registered_by = None
    department = None
    confidential = False
    # special categories of personal data: free text only encrypted (registry.special)
    special_categories = False
    description = SpecialText("description")
    body = SpecialText("body")
    recipients = SpecialText("recipients")

    def Title(self):
        return numbered_title(self)

    def Description(self):
        """Nothing of a marked document's text reaches the catalog's metadata."""
        return "" if is_marked(self) else super().Description()

    def register(self):
        return parent_register(self)

    security = ClassSecurityInfo()
    # who works on it: executors of resolutions and the authors of those resolutions
    registry_assignees = ()
    registry_responsible = ()
    registry_controllers = ()
    deadline = None

    # Guards of the workflows (TALES calls them with the acting user). No docstrings, so
    # they cannot be published through the web.

    @security.public
    def registry_has_resolution(self):
        return any(o.portal_type == RESOLUTION for o in self.objectValues())

    @security.public
    def registry_is_assignee(self, user):
        return _user_id(user) in self.registry_assignees

    @security.public
    def registry_may_close(self, user):
        user_id = _user_id(user)
        if user_id in self.registry_responsible or user_id in self.registry_controllers:
            return True
        return bool(_checkPermission(RegisterDocument, self))


InitializeClass(RegistryDocument)


class IncomingDocument(RegistryDocument):
    """Входящ документ. The sender's ЕГН/ЛНЧ and address are kept encrypted (docs/keys.md);
    the ЕГН is searched by its keyed hash (`registry_personal_number`)."""

    sender_personal_number = EncryptedAttribute(
        "sender_personal_number", index="registry_personal_number"
    )
    sender_address = EncryptedAttribute("sender_address")


@implementer(IApprovable)
class ApprovableDocument(RegistryDocument):
    """Outgoing and internal documents, with an ordered approval chain."""

    security = ClassSecurityInfo()
    approval_steps = ()
    approvers = ()
    signatory = None
    signed_by = None
    signed_at = None

    def current_approver(self):
        return chain.current_approver(self.approval_steps)

    def approval_actors(self, day=None):
        return chain.actors(self.approval_steps, all_substitutions(), day or today())

    def effective_signatory(self):
        if self.signatory:
            return self.signatory
        steps = self.approval_steps or [chain.step(a) for a in self.approvers or ()]
        return steps[-1]["approver"] if steps else None

    @security.public
    def registry_steps_left(self):
        return chain.remaining(self.approval_steps)

    @security.public
    def registry_may_approve(self, user):
        return chain.may_decide(_user_id(user), self.approval_steps, all_substitutions(), today())

    @security.public
    def registry_may_sign(self, user):
        user_id, signatory = _user_id(user), self.effective_signatory()
        if not signatory:
            return False
        return user_id == signatory or user_id in chain.active_substitutes(
            all_substitutions(), signatory, today()
        )


InitializeClass(ApprovableDocument)


class OutgoingDocument(ApprovableDocument):
    """Изходящ документ."""


class InternalDocument(ApprovableDocument):
    """Вътрешен документ, докладна записка."""


@implementer(IRegistryItem)
class CaseFile(Item):
    """Преписка: documents link to it by its UID."""

    registration_number = None
    registration_seq = None
    registration_year = None
    registration_date = None
    registered_by = None
    department = None
    confidential = False

    def Title(self):
        return numbered_title(self)

    def register(self):
        return parent_register(self)


class Resolution(Container):
    """Резолюция: holds one task per executor."""

    author = None

    def document(self):
        return aq_parent(aq_inner(self))

    def tasks(self):
        return [o for o in self.objectValues() if o.portal_type == TASK]


class RegistryTask(Item):
    """One executor's task."""

    security = ClassSecurityInfo()
    reminders = ()

    def resolution(self):
        return aq_parent(aq_inner(self))

    def document(self):
        return aq_parent(aq_inner(self.resolution()))

    @security.public
    def registry_is_assignee(self, user):
        return _user_id(user) == self.assignee

    @security.public
    def registry_is_controller(self, user):
        resolution = self.resolution()
        return _user_id(user) == getattr(resolution, "author", None)


InitializeClass(RegistryTask)


class RandomName:
    """Documents get a short random id instead of one from their subject, so that registrars
    adding documents at the same moment never compete for a name (and no subject, which may
    name a citizen, ends up in a URL)."""

    def __init__(self, context):
        self.context = context

    @property
    def title(self):
        return new_id(getattr(self.context, "portal_type", ""))
