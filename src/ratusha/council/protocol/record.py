"""The session's record (`opendata.Session`) built from the content: the one source of the
protocol, the decisions and the open data.

    session_record(session)  -> opendata.Session, from the live data
    current_record(session)  -> the frozen record once the protocol is approved, else the live one

Polls come only through the voting package's contract (ratusha.council.voting.polls:
polls_of, poll_record, conflicts_of, decision_number, decision_text).
"""

import datetime
import json
from plone import api
from plone.uuid.interfaces import IUUID
from ratusha.core.dates import sofia
from ratusha.council import attendance
from ratusha.council import lifecycle
from ratusha.council import opendata
from ratusha.council import quorum
from ratusha.council import store
from ratusha.council.councils import agenda
from ratusha.council.councils import council_of
from ratusha.council.councils import fullname
from ratusha.council.councils import POLITICAL_GROUP
from ratusha.council.councils import session_councillor_ids
from ratusha.council.councils import staff_ids
from ratusha.council.opinions import opinions_of
from ratusha.council.protocol import storage
from ratusha.council.protocol.protocol_rules import presence_moves
from ratusha.council.vocabularies import label
from ratusha.council.vocabularies import rapporteur_title
from ratusha.council.vocabularies import VERDICTS
from zope.i18n import translate


UTC = datetime.UTC


def voting():
    """The voting package's read contract."""
    from ratusha.council.voting import polls

    return polls


def language():
    return api.portal.get_default_language() or "bg"


def _moment(seconds):
    return datetime.datetime.fromtimestamp(seconds, UTC) if seconds is not None else None


def _utc(value):
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def groups_of(council) -> dict:
    """Councillor id → the title of the political group the councillor belongs to."""
    if council is None:
        return {}
    catalog = api.portal.get_tool("portal_catalog")
    result = {}
    for brain in catalog.unrestrictedSearchResults(
        portal_type=POLITICAL_GROUP,
        path="/".join(council.getPhysicalPath()),
        sort_on="sortable_title",
    ):
        group = brain._unrestrictedGetObject()
        for member in group.members or ():
            result.setdefault(member, group.Title())
    return result


def councillors(session) -> list:
    """The roll: every councillor of the session (as it opened) with the group, in the order
    of the names."""
    groups = groups_of(council_of(session))
    people = [
        opendata.Councillor(user_id, fullname(user_id), groups.get(user_id, ""))
        for user_id in session_councillor_ids(session)
    ]
    return sorted(people, key=lambda person: (person.name, person.id))


def recorder_id(session) -> str:
    """Who keeps the minutes: the one named on the protocol, else the council's first staff.
    The protocol's text and the page's choice both read it, so they name the same person."""
    chosen = storage.info(session).get("recorder")
    if not chosen:
        staff = staff_ids(council_of(session))
        chosen = staff[0] if staff else ""
    return chosen


def recorder_of(session) -> str:
    chosen = recorder_id(session)
    return fullname(chosen) if chosen else ""


def _opinions(item, lang):
    result = []
    for opinion in opinions_of(item):
        if not opinion.is_given():
            continue
        committee = opinion.committee_object()
        verdict = translate(label(VERDICTS, opinion.verdict), target_language=lang)
        text = f"{verdict}. {opinion.text}" if (opinion.text or "").strip() else verdict
        result.append(
            opendata.CommitteeOpinion(committee.Title() if committee is not None else "", text)
        )
    return result


def item_record(item, lang=None) -> opendata.AgendaItem:
    lang = lang or language()
    contract = voting()
    polls = list(contract.polls_of(item))
    number = contract.decision_number(item)
    return opendata.AgendaItem(
        number=str(item.number),
        title=item.Title(),
        rapporteur=rapporteur_title(item, item.rapporteur),
        legal_basis=item.legal_basis_text(),
        opinions=_opinions(item, lang),
        conflicts=contract.conflicts_of(item),
        polls=[contract.poll_record(item, poll) for poll in polls],
        decision_number=str(number) if number else "",
        decision_text=contract.decision_text(item) if number else "",
    )


def on_agenda(session) -> list:
    """The items the council dealt with: published on the agenda (a withdrawn one is a draft)
    or voted on (an item added in the session and not published yet)."""
    contract = voting()
    return [
        item
        for item in agenda(session)
        if api.content.get_state(item, default=None) not in (None, "draft")
        or contract.polls_of(item)
    ]


def session_record(session) -> opendata.Session:
    """The record of the session as the data say now."""
    council = council_of(session)
    lang = language()
    uid = IUUID(session)
    video = attendance.video_counts(session)
    members = set(session_councillor_ids(session))
    events = [e for e in attendance.events(session, sync=False) if e.user_id in members]
    opened = _utc(session.opened_at)
    at_opening = ()
    if opened is not None:
        at_opening = tuple(quorum.present_ids(events, video, until=opened.timestamp()))
    checks = reversed(store.check_rows(uid, limit=100000))
    return opendata.Session(
        council=council.Title() if council is not None else "",
        number=str(session.number),
        date=sofia(opened or session.start).date(),
        convened_date=sofia(lifecycle.convened_for(session)).date(),
        opening_reason=session.opening_reason or "",
        seats=attendance.seats(session),
        councillors=councillors(session),
        term=(council.term or "") if council is not None else "",
        kind=session.kind,
        place=session.place or "",
        mode=session.mode,
        remote_basis=(session.remote_basis or "") if session.mode != "in_person" else "",
        chair=fullname(council.chair) if council is not None and council.chair else "",
        recorder=recorder_of(session),
        opened=opened,
        closed=_utc(session.closed_at),
        present_at_opening=at_opening,
        attendance=[
            opendata.AttendanceEvent(user_id, kind, _moment(at))
            for user_id, kind, at in presence_moves(
                events, video, opened.timestamp() if opened else None
            )
        ],
        quorum_checks=[
            opendata.QuorumCheck(
                _moment(row["at"]), row["present"], row["seats"], bool(row["quorate"])
            )
            for row in checks
        ],
        items=[item_record(item, lang) for item in on_agenda(session)],
        recording_url=storage.info(session).get("recording_url") or "",
    )


def current_record(session) -> opendata.Session:
    """The approved protocol's record (frozen), or the live one before approval."""
    frozen = storage.frozen(session)
    if frozen.get("record"):
        return opendata.Session.from_dict(json.loads(frozen["record"]))
    return session_record(session)
