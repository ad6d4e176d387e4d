"""Publication of a session's protocol and decisions: the deadline (the council's days from
the end of the session, default 7), the overdue warning to council staff, and the public
register of decision_entries."""

import datetime
from plone import api
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.dates import SOFIA
from ratusha.core.dates import sofia
from ratusha.council.councils import council_of
from ratusha.council.councils import SESSION
from ratusha.council.councils import staff_ids
from ratusha.council.protocol import access
from ratusha.council.protocol import decision_entries
from ratusha.council.protocol import protocol_rules
from ratusha.council.protocol import storage
from ratusha.council.protocol.corrections import now
from ratusha.council.protocol.corrections import today
from ratusha.council.protocol.freeze import frozen_files
from ratusha.notifications.interfaces import notify
from zope.i18n import translate


DEFAULT_DAYS = 7
PENDING_STATES = ("closed", "protocol_correction", "protocol_approved")


def configured_days(session) -> int:
    council = council_of(session)
    days = getattr(council, "publication_days", None) if council is not None else None
    return DEFAULT_DAYS if days is None else int(days)


def ended_day(session) -> datetime.date:
    """The day the session ended: when it was closed, else its planned end."""
    if session.closed_at is not None:
        moment = session.closed_at
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)
        return moment.astimezone(SOFIA).date()
    return sofia(session.end).date()


def status(session, day=None) -> dict:
    """{"deadline", "status" (published | late | due | overdue), "published_at"}."""
    published_at = storage.info(session).get("published_at")
    published_day = published_at.astimezone(SOFIA).date() if published_at else None
    ended, days = ended_day(session), configured_days(session)
    return {
        "deadline": protocol_rules.publication_deadline(ended, days).isoformat(),
        "status": protocol_rules.publication_status(ended, days, published_day, day or today()),
        "published_at": published_at.isoformat() if published_at else None,
    }


def published(session):
    """The session was published: its protocol files and excerpts become public (unless the
    session was held behind closed doors)."""
    data = storage.info(session, create=True)
    data["published_at"] = now()
    files = frozen_files(session)
    if not session.closed_door:
        for obj in files:
            access.release(obj)
    state = status(session)
    record(
        "council.protocol-published",
        session,
        details={
            "decisions": len(storage.frozen(session).get("decisions", ())),
            "files": len(files),
            "public": not session.closed_door,
            "deadline": state["deadline"],
            "status": state["status"],
        },
    )


def waiting_sessions() -> list:
    """Sessions whose protocol is not published yet (all of them, for the system's checks)."""
    catalog = api.portal.get_tool("portal_catalog")
    return [
        brain._unrestrictedGetObject()
        for brain in catalog.unrestrictedSearchResults(
            portal_type=SESSION, review_state=PENDING_STATES, sort_on="start"
        )
    ]


def overdue_sessions(day=None) -> list:
    return [s for s in waiting_sessions() if status(s, day)["status"] == protocol_rules.OVERDUE]


def people_to_warn(session) -> list:
    council = council_of(session)
    people = set(staff_ids(council))
    if council is not None and council.chair:
        people.add(council.chair)
    return sorted(people)


def flag_overdue(day=None) -> int:
    """Tell council staff and the chair, once per session, that its acts are overdue for
    publication. Idempotent: a clock may call it as often as it likes."""
    flagged = 0
    language = api.portal.get_default_language()
    for session in overdue_sessions(day):
        data = storage.info(session, create=True)
        state = status(session, day)
        if data.get("overdue_flagged") == state["deadline"]:
            continue
        deadline = datetime.date.fromisoformat(state["deadline"]).strftime("%d.%m.%Y")
        notify(
            people_to_warn(session),
            "council.publication-overdue",
            _(
                "notice_publication_overdue",
                default="Overdue: publish protocol No. ${number}",
                mapping={"number": session.number},
            ),
            translate(
                _(
                    "notice_publication_overdue_body",
                    default="The protocol and the decisions of ${title} were due on the "
                    "public side by ${deadline}.",
                    mapping={"title": session.Title(), "deadline": deadline},
                ),
                target_language=language,
            ),
            f"{session.absolute_url()}/@@protocol",
        )
        data["overdue_flagged"] = state["deadline"]
        flagged += 1
    if flagged:
        record("council.publication-overdue", details={"flagged": flagged})
    return flagged


def register(context=None, translate_fn=None) -> list[dict]:
    """Decisions of published sessions the current user may see (the public ones for
    visitors), newest first: number, date, title, legal basis, outcome."""
    catalog = api.portal.get_tool("portal_catalog")
    query = {
        "portal_type": SESSION,
        "review_state": "published",
        "sort_on": "start",
        "sort_order": "descending",
    }
    if context is not None:
        query["path"] = "/".join(context.getPhysicalPath())
    result = []
    for brain in catalog.searchResults(**query):
        session = brain.getObject()
        if not access.may_read(session):
            continue
        for entry in decision_entries.entries(session, translate_fn=translate_fn):
            entry["session"] = {
                "@id": brain.getURL(),
                "title": brain.Title,
                "number": session.number,
            }
            entry["@id"] = f"{brain.getURL()}/{_item_id(session, entry['uid'])}/@@decision"
            result.append(entry)
    return result


def _item_id(session, uid):
    for obj in session.objectValues():
        if getattr(obj, "UID", None) and obj.UID() == uid:
            return obj.getId()
    return ""
