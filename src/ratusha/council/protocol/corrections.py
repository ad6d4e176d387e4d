"""Correction requests of the protocol (искания за поправка): councillors file them while the
protocol is open for corrections; council staff settle each, accepted or rejected with a note.

Each request is recorded (who, when, the text), audited without its text, and listed with the
protocol; the protocol cannot be approved while one is unsettled (checks.ProtocolCheck).
"""

import datetime
from plone import api
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.dates import SOFIA
from ratusha.core.rest import InputError
from ratusha.council.councils import council_of
from ratusha.council.councils import councillor_ids
from ratusha.council.councils import fullname
from ratusha.council.councils import is_councillor
from ratusha.council.councils import staff_ids
from ratusha.council.protocol import protocol_rules
from ratusha.council.protocol import storage
from ratusha.council.protocol.access import state_of
from ratusha.council.protocol.messages import message
from ratusha.council.protocol.messages import status
from ratusha.notifications.interfaces import notify
import uuid
from zope.i18n import translate


UTC = datetime.UTC
DEFAULT_DAYS = 7


def now():
    return datetime.datetime.now(UTC)


def today():
    return datetime.datetime.now(SOFIA).date()


def _language():
    return api.portal.get_default_language()


def configured_days(session) -> int:
    council = council_of(session)
    days = getattr(council, "protocol_correction_days", None) if council is not None else None
    return DEFAULT_DAYS if days is None else int(days)


def start_period(session):
    """The protocol is open for corrections from now, for the council's days (kept, so a
    later change of the rulebook does not move this protocol's deadline)."""
    data = storage.info(session, create=True)
    data["correction_started"] = now()
    data["correction_days"] = configured_days(session)
    period_info = period(session)
    record(
        "council.protocol-corrections-opened",
        session,
        details={"days": data["correction_days"], "last_day": period_info["last_day"]},
    )
    council = council_of(session)
    people = sorted(set(councillor_ids(council)) | set(staff_ids(council)))
    deadline = period_info["last_day"]
    notify(
        people,
        "council.protocol-corrections",
        _(
            "notice_protocol_corrections",
            default="Protocol No. ${number} is open for corrections",
            mapping={"number": session.number},
        ),
        translate(
            _(
                "notice_protocol_corrections_body",
                default="Councillors may ask for corrections until ${deadline}.",
                mapping={
                    "deadline": datetime.date.fromisoformat(deadline).strftime("%d.%m.%Y")
                    if deadline
                    else "—"
                },
            ),
            target_language=_language(),
        ),
        f"{session.absolute_url()}/@@protocol",
    )


def period_facts(session):
    """(first day, days) of the correction period; (None, days) before it started."""
    data = storage.info(session)
    started = data.get("correction_started")
    days = data.get("correction_days", configured_days(session))
    return (started.astimezone(SOFIA).date() if started else None), days


def period(session, day=None) -> dict:
    started = storage.info(session).get("correction_started")
    start_day, days = period_facts(session)
    last = protocol_rules.last_day(start_day, days) if start_day else None
    return {
        "started": started.isoformat() if started else None,
        "days": days,
        "last_day": last.isoformat() if last else None,
        "open": state_of(session) == "protocol_correction"
        and protocol_rules.period_open(start_day, days, day or today()),
    }


def _raise(problem):
    raise InputError(message(problem), status(problem))


def file_request(session, user_id, text, day=None) -> dict:
    """A councillor asks for a correction; InputError (400/403/409) when it cannot be taken."""
    start_day, days = period_facts(session)
    problem = protocol_rules.filing_problem(
        state_of(session),
        is_councillor(council_of(session), user_id),
        start_day,
        days,
        day or today(),
        text,
    )
    if problem is not None:
        _raise(problem)
    entry = {
        "id": uuid.uuid4().hex[:12],
        "author": user_id,
        "text": text.strip(),
        "filed_at": now().isoformat(),
        "status": protocol_rules.PENDING,
        "note": "",
        "resolved_by": None,
        "resolved_at": None,
    }
    storage.corrections(session, create=True)[entry["id"]] = entry
    record(
        "council.protocol-correction-filed",
        session,
        details={"request": entry["id"], "author": user_id, "length": len(entry["text"])},
    )
    staff = staff_ids(council_of(session))
    if staff:
        notify(
            staff,
            "council.protocol-correction",
            _(
                "notice_protocol_correction",
                default="Correction asked: protocol No. ${number}",
                mapping={"number": session.number},
            ),
            translate(
                _(
                    "notice_protocol_correction_body",
                    default="${name} asks for a correction of the protocol.",
                    mapping={"name": fullname(user_id)},
                ),
                target_language=_language(),
            ),
            f"{session.absolute_url()}/@@protocol",
        )
    return describe(entry)


def resolve(session, request_id, decision, note, actor) -> dict:
    """Staff settle a request once (accepted, or rejected with the reason)."""
    tree = storage.corrections(session)
    entry = tree.get(request_id) if request_id else None
    if entry is None:
        raise InputError(_("error_correction_unknown", default="There is no such request."), 404)
    problem = protocol_rules.resolution_problem(entry["status"], decision, note)
    if problem is not None:
        _raise(problem)
    entry = dict(
        entry,
        status=decision,
        note=(note or "").strip(),
        resolved_by=actor,
        resolved_at=now().isoformat(),
    )
    tree[request_id] = entry
    record(
        "council.protocol-correction-resolved",
        session,
        details={"request": request_id, "decision": decision, "author": entry["author"]},
    )
    notify(
        [entry["author"]],
        "council.protocol-correction-resolved",
        _(
            "notice_protocol_correction_resolved",
            default="Your correction of protocol No. ${number}: ${decision}",
            mapping={
                "number": session.number,
                "decision": translate(DECISION_TITLES[decision], target_language=_language()),
            },
        ),
        entry["note"],
        f"{session.absolute_url()}/@@protocol",
    )
    return describe(entry)


DECISION_TITLES = {
    protocol_rules.PENDING: _("correction_pending", default="waiting"),
    protocol_rules.ACCEPTED: _("correction_accepted", default="accepted"),
    protocol_rules.REJECTED: _("correction_rejected", default="rejected"),
}


def describe(entry) -> dict:
    return dict(
        entry,
        author_name=fullname(entry["author"]),
        resolved_by_name=fullname(entry["resolved_by"]) if entry["resolved_by"] else "",
    )


def listing(session) -> list[dict]:
    return sorted(
        (describe(e) for e in storage.corrections(session).values()), key=lambda e: e["filed_at"]
    )


def unresolved(session) -> int:
    return sum(
        1 for e in storage.corrections(session).values() if e["status"] == protocol_rules.PENDING
    )
