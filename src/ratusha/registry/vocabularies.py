"""Vocabularies of the registry: kinds, channels, departments, signatories, case files."""

from plone import api
from ratusha import _
from ratusha.core.roles import ROLES
from ratusha.notifications.interfaces import resolve
from ratusha.registry import seos
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


REGISTER_KINDS = (
    ("incoming", _("register_kind_incoming", default="Incoming documents")),
    ("outgoing", _("register_kind_outgoing", default="Outgoing documents")),
    ("internal", _("register_kind_internal", default="Internal documents")),
    ("case", _("register_kind_case", default="Case files")),
)

INCOMING_KINDS = (
    ("application", _("kind_application", default="Application")),
    ("complaint", _("kind_complaint", default="Complaint")),
    ("signal", _("kind_signal", default="Signal")),
    ("proposal", _("kind_proposal", default="Proposal")),
    ("information", _("kind_information", default="Request for public information")),
    ("letter", _("kind_letter", default="Letter")),
    ("other", _("kind_other", default="Other")),
)

OUTGOING_KINDS = (
    ("letter", _("kind_letter", default="Letter")),
    ("answer", _("kind_answer", default="Answer")),
    ("notice", _("kind_notice", default="Notice")),
)

INTERNAL_KINDS = (
    ("report", _("kind_report", default="Report (докладна записка)")),
    ("memo", _("kind_memo", default="Internal memo")),
)

CHANNELS = (
    ("counter", _("channel_counter", default="At the counter")),
    ("post", _("channel_post", default="By post")),
    ("email", _("channel_email", default="By e-mail")),
    ("seos", _("channel_seos", default="SEOS")),
    ("edelivery", _("channel_edelivery", default="e-Delivery")),
    ("phone", _("channel_phone", default="By phone")),
)

# what people read for a СЕОС status code; the codes stay in REST, the CSV export and exchanges
SEOS_STATUSES = (
    (seos.WAIT_REGISTRATION, _("seos_wait_registration", default="SEOS: awaiting registration")),
    (seos.REGISTERED, _("seos_registered", default="SEOS: registered")),
    (seos.REJECTED, _("seos_rejected", default="SEOS: rejected")),
    (seos.STOPPED, _("seos_stopped", default="SEOS: stopped")),
    (seos.CLOSED, _("seos_closed", default="SEOS: closed")),
)

SENDER_TYPES = (
    ("person", _("sender_person", default="a person")),
    ("organisation", _("sender_organisation", default="an organisation")),
)

SYSTEM_GROUPS = {"AuthenticatedUsers", "Administrators", "Site Administrators", "Reviewers"}
SIGNING_ROLES = ("Director", "Secretary", "Mayor")


def _vocabulary(items):
    return SimpleVocabulary([SimpleTerm(value, value, title) for value, title in items])


def label(items, value):
    return dict(items).get(value, value)


@provider(IVocabularyFactory)
def register_kinds(context):
    return _vocabulary(REGISTER_KINDS)


@provider(IVocabularyFactory)
def incoming_kinds(context):
    return _vocabulary(INCOMING_KINDS)


@provider(IVocabularyFactory)
def outgoing_kinds(context):
    return _vocabulary(OUTGOING_KINDS)


@provider(IVocabularyFactory)
def internal_kinds(context):
    return _vocabulary(INTERNAL_KINDS)


@provider(IVocabularyFactory)
def channels(context):
    return _vocabulary(CHANNELS)


@provider(IVocabularyFactory)
def seos_statuses(context):
    return _vocabulary(SEOS_STATUSES)


@provider(IVocabularyFactory)
def sender_types(context):
    return _vocabulary(SENDER_TYPES)


def department_groups():
    """Groups that are departments: every group except those carrying a role and Plone's own."""
    role_groups = {group for _role, _title, group, _group_title in ROLES} | SYSTEM_GROUPS
    found = []
    for group in api.group.get_groups():
        if group.getId() in role_groups:
            continue
        found.append((group.getId(), group.getProperty("title") or group.getId()))
    return sorted(found, key=lambda item: item[1])


@provider(IVocabularyFactory)
def departments(context):
    return SimpleVocabulary([SimpleTerm(g, g, t) for g, t in department_groups()])


def user_title(user_id):
    user = api.user.get(userid=user_id) if user_id else None
    if user is None:
        return user_id or ""
    return user.getProperty("fullname", "") or user_id


@provider(IVocabularyFactory)
def signatories(context):
    from ratusha.registry.security import role_principals

    people = set()
    for role in SIGNING_ROLES:
        people |= resolve([f"role:{role}"])[0] if role_principals(role) else set()
    terms = sorted(((u, user_title(u)) for u in people), key=lambda item: item[1])
    return SimpleVocabulary([SimpleTerm(u, u, t) for u, t in terms])


@provider(IVocabularyFactory)
def case_files(context):
    catalog = api.portal.get_tool("portal_catalog")
    terms = []
    for brain in catalog(portal_type="CaseFile", sort_on="created", sort_order="descending"):
        terms.append(SimpleTerm(brain.UID, brain.UID, brain.Title))
    return SimpleVocabulary(terms)
