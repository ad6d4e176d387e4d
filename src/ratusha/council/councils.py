"""Finding one's way in the council: which council, which session, who is who."""

from Acquisition import aq_chain
from Acquisition import aq_inner
from plone import api
from ratusha.council.composition import Composition
from ratusha.council.interfaces import IAgendaItem
from ratusha.council.interfaces import ICommittee
from ratusha.council.interfaces import ICouncil
from ratusha.council.interfaces import ISession


COUNCILLORS_GROUP = "councillors"
MAYORS_GROUP = "mayors"
COUNCIL = "Council"
COMMITTEE = "Committee"
POLITICAL_GROUP = "PoliticalGroup"
SESSION = "Session"
AGENDA_ITEM = "AgendaItem"
OPINION = "CommitteeOpinion"


def _up(context, interface):
    for obj in aq_chain(aq_inner(context)):
        if interface.providedBy(obj):
            return obj
    return None


def council_of(context):
    return _up(context, ICouncil)


def session_of(context):
    return _up(context, ISession)


def item_of(context):
    return _up(context, IAgendaItem)


def group_members(group_id) -> list[str]:
    return sorted(u.getId() for u in api.user.get_users(groupname=group_id))


def councillor_ids(council) -> list[str]:
    """The councillors named on the council, or everyone in the Councillor group."""
    if council is None:
        return []
    named = [u for u in (council.councillors or ()) if u]
    return sorted(dict.fromkeys(named)) if named else group_members(COUNCILLORS_GROUP)


def is_councillor(council, user_id) -> bool:
    return bool(user_id) and user_id in councillor_ids(council)


def composition_now(council) -> Composition:
    """The council's seats and councillors as they are now."""
    return Composition.of(
        getattr(council, "seats", 0), getattr(council, "councillors", ()), councillor_ids(council)
    )


def frozen_composition(session) -> Composition | None:
    """The composition the session opened with (None before it opened)."""
    data = getattr(session, "composition", None) if session is not None else None
    return Composition.from_dict(data) if data else None


def session_councillor_ids(session) -> list[str]:
    """The councillors of this session: frozen at its opening, the council's before."""
    frozen = frozen_composition(session)
    if frozen is not None:
        return list(frozen.councillors)
    return councillor_ids(council_of(session))


def sits_in(session, user_id) -> bool:
    return bool(user_id) and user_id in session_councillor_ids(session)


def open_sessions(council) -> list:
    """The council's sessions in progress (state "open"), for every reader."""
    if council is None:
        return []
    catalog = api.portal.get_tool("portal_catalog")
    return [
        brain._unrestrictedGetObject()
        for brain in catalog.unrestrictedSearchResults(
            portal_type=SESSION, review_state="open", path="/".join(council.getPhysicalPath())
        )
    ]


def staff_ids(council) -> list[str]:
    return sorted(dict.fromkeys(u for u in (council.staff or ()) if u)) if council else []


def fullname(user_id) -> str:
    user = api.user.get(userid=user_id) if user_id else None
    if user is None:
        return user_id or ""
    return user.getProperty("fullname", "") or user_id


def committees(council, unrestricted=True) -> list:
    if council is None:
        return []
    catalog = api.portal.get_tool("portal_catalog")
    search = catalog.unrestrictedSearchResults if unrestricted else catalog.searchResults
    brains = search(
        portal_type=COMMITTEE, path="/".join(council.getPhysicalPath()), sort_on="sortable_title"
    )
    return [b._unrestrictedGetObject() if unrestricted else b.getObject() for b in brains]


def committee_by_uid(uid):
    if not uid:
        return None
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid, portal_type=COMMITTEE)
    return brains[0]._unrestrictedGetObject() if brains else None


def committee_people(committee) -> list[str]:
    """Chair, secretary and members: the people who answer for the committee's opinions."""
    people = [committee.chair, committee.secretary, *(committee.members or ())]
    return list(dict.fromkeys(p for p in people if p))


def my_committees(user_id, council=None) -> list:
    """Committees the user chairs, keeps or sits on."""
    catalog = api.portal.get_tool("portal_catalog")
    query = {"portal_type": COMMITTEE}
    if council is not None:
        query["path"] = "/".join(council.getPhysicalPath())
    result = []
    for brain in catalog.unrestrictedSearchResults(**query):
        committee = brain._unrestrictedGetObject()
        if ICommittee.providedBy(committee) and user_id in committee_people(committee):
            result.append(committee)
    return result


def agenda(session, unrestricted=True) -> list:
    """The session's agenda items in order (number, then position)."""
    if session is None:
        return []
    items = [obj for obj in session.objectValues() if IAgendaItem.providedBy(obj)]
    if not unrestricted:
        items = [obj for obj in items if api.user.has_permission("View", obj=obj)]
    position = {obj.getId(): index for index, obj in enumerate(session.objectValues())}
    return sorted(items, key=lambda obj: (obj.number or 0, position.get(obj.getId(), 0)))
