"""Translatable texts of the protocol's problems (rules.Problem codes) and their HTTP status."""

import datetime
from ratusha import _


DAY = "%d.%m.%Y"

MESSAGES = {
    "not-in-correction": _(
        "problem_protocol_not_in_correction", default="Open the protocol for corrections first."
    ),
    "corrections-open": _(
        "problem_protocol_corrections_open",
        default="Councillors may ask for corrections until ${deadline}.",
    ),
    "unresolved": _(
        "problem_protocol_unresolved", default="${count} correction request(s) are not settled yet."
    ),
    "no-recording": _(
        "problem_protocol_no_recording",
        default="A session held by video needs the link to its recording (чл. 28а ЗМСМА).",
    ),
    "not-frozen": _(
        "problem_protocol_not_frozen", default="The approved protocol has not been stored."
    ),
    "not-councillor": _(
        "error_correction_not_councillor",
        default="Only the councillors of this council ask for corrections.",
    ),
    "not-open": _("error_correction_not_open", default="The protocol is not open for corrections."),
    "period-over": _(
        "error_correction_period_over", default="The period for corrections ended on ${deadline}."
    ),
    "empty": _("error_correction_empty", default="Write what should be corrected."),
    "too-long": _("error_correction_too_long", default="At most ${max} characters, please."),
    "already-resolved": _(
        "error_correction_resolved", default="This request has already been settled."
    ),
    "bad-decision": _(
        "error_correction_decision", default='Send "decision": "accepted" or "rejected".'
    ),
    "note-needed": _("error_correction_note", default="Give the reason for rejecting it."),
}

STATUS = {"not-councillor": 403, "not-open": 409, "period-over": 409, "already-resolved": 409}


def filled(base, **mapping):
    """The message with its values (a Message made from another one loses its default)."""
    values = {
        k: (v.strftime(DAY) if isinstance(v, datetime.date) else v) for k, v in mapping.items()
    }
    return _(base, default=base.default, mapping=values)


def message(problem):
    return filled(MESSAGES[problem.code], **problem.values)


def status(problem) -> int:
    return STATUS.get(problem.code, 400)
