"""Vocabularies of the council: kinds, modes, verdicts, councillors, committees, rapporteurs."""

from plone import api
from ratusha import _
from ratusha.council import rules
from ratusha.council.councils import committees
from ratusha.council.councils import council_of
from ratusha.council.councils import councillor_ids
from ratusha.council.councils import COUNCILLORS_GROUP
from ratusha.council.councils import fullname
from ratusha.council.councils import group_members
from ratusha.council.councils import MAYORS_GROUP
from ratusha.meetings.interfaces import IMeetingRoom
from ratusha.meetings.interfaces import IPersonalRoom
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


ITEM_KINDS = (
    (rules.DECISION, _("item_kind_decision", default="Decision")),
    (rules.ELECTION, _("item_kind_election", default="Election")),
    (rules.INFORMATION, _("item_kind_information", default="Information")),
    (rules.QUESTIONS, _("item_kind_questions", default="Questions (питания)")),
)
SESSION_KINDS = (
    (rules.REGULAR, _("session_kind_regular", default="Regular")),
    (rules.EXTRAORDINARY, _("session_kind_extraordinary", default="Extraordinary")),
)
MODES = (
    (rules.IN_PERSON, _("session_mode_in_person", default="In person")),
    (rules.HYBRID, _("session_mode_hybrid", default="Hybrid (in the hall and by video)")),
    (rules.REMOTE, _("session_mode_remote", default="Remote (чл. 28а ЗМСМА)")),
)
VERDICTS = (
    (rules.FOR, _("verdict_for", default="For")),
    (rules.AGAINST, _("verdict_against", default="Against")),
    (rules.FOR_WITH_AMENDMENTS, _("verdict_for_with_amendments", default="For, with amendments")),
)


def vocabulary(items):
    return SimpleVocabulary([SimpleTerm(value, value, title) for value, title in items])


def label(items, value):
    return dict(items).get(value, value or "")


@provider(IVocabularyFactory)
def item_kinds(context):
    return vocabulary(ITEM_KINDS)


@provider(IVocabularyFactory)
def session_kinds(context):
    return vocabulary(SESSION_KINDS)


@provider(IVocabularyFactory)
def modes(context):
    return vocabulary(MODES)


@provider(IVocabularyFactory)
def verdicts(context):
    return vocabulary(VERDICTS)


def _people(user_ids):
    terms = sorted(((u, fullname(u)) for u in user_ids), key=lambda item: item[1])
    return SimpleVocabulary([SimpleTerm(u, u, t) for u, t in terms])


def _council(context):
    council = council_of(context) if context is not None else None
    if council is None:
        from ratusha.council.setup import default_council

        council = default_council()
    return council


@provider(IVocabularyFactory)
def candidates(context):
    """People in the Councillor group: who may be named a councillor of the council."""
    return _people(group_members(COUNCILLORS_GROUP))


@provider(IVocabularyFactory)
def councillors(context):
    """The councillors of this council."""
    return _people(councillor_ids(_council(context)))


@provider(IVocabularyFactory)
def committee_choices(context):
    return SimpleVocabulary(
        [SimpleTerm(c.UID(), c.UID(), c.Title()) for c in committees(_council(context))]
    )


@provider(IVocabularyFactory)
def rapporteurs(context):
    """Who brings an item to the council: the mayor, a councillor or a committee."""
    terms = []
    for user_id in group_members(MAYORS_GROUP):
        terms.append(SimpleTerm(f"mayor:{user_id}", f"mayor:{user_id}", fullname(user_id)))
    for term in councillors(context):
        terms.append(SimpleTerm(f"councillor:{term.value}", f"councillor:{term.value}", term.title))
    for term in committee_choices(context):
        terms.append(SimpleTerm(f"committee:{term.value}", f"committee:{term.value}", term.title))
    return SimpleVocabulary(terms)


def rapporteur_title(context, value) -> str:
    if not value:
        return ""
    try:
        return rapporteurs(context).getTerm(value).title
    except LookupError:
        return value.split(":", 1)[-1]


@provider(IVocabularyFactory)
def video_rooms(context):
    """Meeting rooms (not personal ones) a session or committee can meet in by video."""
    catalog = api.portal.get_tool("portal_catalog")
    terms = []
    for brain in catalog.unrestrictedSearchResults(
        object_provides=IMeetingRoom.__identifier__, sort_on="sortable_title"
    ):
        room = brain._unrestrictedGetObject()
        if not IPersonalRoom.providedBy(room):
            terms.append(SimpleTerm(brain.UID, brain.UID, brain.Title))
    return SimpleVocabulary(terms)
