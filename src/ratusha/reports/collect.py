"""Facts for the report, read off the stored records: catalog queries and the objects they find.

Nothing is counted on the side: each figure is recomputed from the registers, the meetings and
the sessions as they are. Documents go through the catalog's security filter, so a reader's
figures agree with the registers they can open; meetings and sessions are counted whoever may
open them (the report shows numbers, never their titles or people). Other capabilities are
reached through their interfaces.
"""

from Acquisition import aq_parent
import datetime
from plone import api
from plone.uuid.interfaces import IUUID
from ratusha.core.dates import epoch
from ratusha.core.dates import sofia
from ratusha.council.interfaces import IAgendaItem
from ratusha.council.interfaces import session_compliance
from ratusha.meetings.interfaces import room_attendees
from ratusha.registry.interfaces import FINISHED_STATES
from ratusha.reports import figures
from zope.component import queryUtility
from zope.schema.interfaces import IVocabularyFactory


DIRECTIONS = {
    "IncomingDocument": "received",
    "OutgoingDocument": "sent",
    "InternalDocument": "internal",
}
ANSWERED = ("answered", "closed")
HELD_SESSIONS = ("closed", "protocol_correction", "protocol_approved", "published")
CALL_LEAD = 30 * 60  # a meeting's call may start half an hour early


def departments() -> dict:
    """{group id: title} of the registry's departments (its vocabulary)."""
    factory = queryUtility(IVocabularyFactory, name="ratusha.registry.Departments")
    if factory is None:
        return {}
    return {term.value: term.title or term.value for term in factory(api.portal.get())}


def _day(value) -> datetime.date | None:
    """A stored date or time as the Sofia day."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return sofia(value).date()
    if isinstance(value, datetime.date):
        return value
    return sofia(value.asdatetime()).date()  # Zope DateTime (workflow history)


def answered_on(obj) -> datetime.date | None:
    """The day the document first reached "answered" or "closed" (its workflow history)."""
    days = [
        _day(entry.get("time"))
        for history in (getattr(obj, "workflow_history", None) or {}).values()
        for entry in history
        if entry.get("review_state") in ANSWERED and entry.get("time") is not None
    ]
    return min(days) if days else None


def document_fact(brain) -> figures.Document | None:
    obj = brain.getObject()
    registered = _day(obj.registration_date)
    if registered is None:
        return None
    state = brain.review_state
    return figures.Document(
        direction=DIRECTIONS[brain.portal_type],
        department=obj.department or "",
        registered=registered,
        deadline=_day(obj.deadline),
        answered=answered_on(obj) if brain.portal_type == "IncomingDocument" else None,
        finished=state in FINISHED_STATES,
    )


def documents(filters: figures.Filters, today: datetime.date) -> list:
    """Documents registered in the period, and those overdue today whenever registered."""
    catalog = api.portal.get_tool("portal_catalog")
    query = {"portal_type": list(DIRECTIONS)}  # no department index: the figures filter
    period = catalog(
        registry_registered={
            "query": (filters.start.isoformat(), filters.end.isoformat()),
            "range": "min:max",
        },
        **query,
    )
    late = catalog(
        registry_deadline={
            "query": (today - datetime.timedelta(days=1)).isoformat(),
            "range": "max",
        },
        **query,
    )
    found = {brain.getPath(): brain for brain in (*period, *late)}
    facts = (document_fact(brain) for brain in found.values())
    return [fact for fact in facts if fact is not None]


def invited(meeting) -> set:
    """Organiser, participants and the members of the participating groups."""
    people = {meeting.organiser_id(), *(meeting.participants or ())}
    for group in meeting.participant_groups or ():
        people |= {user.getId() for user in api.user.get_users(groupname=group)}
    return {user_id for user_id in people if user_id}


def meeting_fact(meeting) -> figures.Meeting:
    people = invited(meeting)
    room = aq_parent(meeting)
    since, until = epoch(meeting.start) - CALL_LEAD, epoch(meeting.end)
    came = {a.user_id for a in room_attendees(IUUID(room), since, until, now=until)}
    return figures.Meeting(_day(meeting.start), len(people), len(people & came))


def meetings(filters: figures.Filters) -> list:
    """Meetings that ended (held) and started in the period, one fact each."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(portal_type="Meeting", review_state="ended")
    found = (brain._unrestrictedGetObject() for brain in brains)
    return [meeting_fact(m) for m in found if figures.in_period(_day(m.start), filters)]


def session_fact(session, state) -> figures.Session:
    items = [obj for obj in session.objectValues() if IAgendaItem.providedBy(obj)]
    return figures.Session(
        start=_day(session.start),
        held=state in HELD_SESSIONS,
        decisions=sum(1 for item in items if getattr(item, "decision_number", None)),
        warnings=tuple(w["code"] for w in session_compliance(session)),
    )


def sessions(filters: figures.Filters) -> list:
    """Sessions that start in the period, one fact each."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(portal_type="Session")
    found = ((b._unrestrictedGetObject(), b.review_state) for b in brains)
    return [
        session_fact(session, state)
        for session, state in found
        if figures.in_period(_day(session.start), filters)
    ]
