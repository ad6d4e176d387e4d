"""What each step of an incident needs, before the workflow moves it: no Zope imports.

The workflow (reported → assessed → notified | not notifiable → closed) follows GDPR: first the
facts and the risk (Art. 33(1), 34(1)), then either the notification to КЗЛД (Art. 33) or the
recorded decision that none is owed (Art. 33(5) documents it), and the register is closed
when the measures are in. The workflow's guards and the acts ask `refusal` alike.
"""

from ratusha.core.msgids import _
from ratusha.privacy.incidents.clock import duties
from ratusha.privacy.incidents.clock import late


ACTS = {  # act: (states it leaves, the state it reaches)
    "assess": (("reported",), "assessed"),
    "notify": (("assessed",), "notified"),
    "not_notifiable": (("assessed",), "not_notifiable"),
    "reassess": (("not_notifiable",), "assessed"),
    "close": (("notified", "not_notifiable"), "closed"),
}

REFUSALS = {
    "state": (
        409,
        _(
            "error_incident_state",
            default="This step is not possible in the incident's present state.",
        ),
    ),
    "description": (400, _("error_incident_description", default="Describe the incident first.")),
    "risk": (
        400,
        _("error_incident_risk", default="Assess the risk first: none, a risk or a high risk."),
    ),
    "notify_not_owed": (
        409,
        _(
            "error_incident_not_owed",
            default="The risk is assessed as none: record that no notification is owed instead.",
        ),
    ),
    "notify_owed": (
        409,
        _(
            "error_incident_owed",
            default="The risk calls for a notification to КЗЛД: notify instead.",
        ),
    ),
    "notified_at": (
        400,
        _(
            "error_incident_notified_at",
            default="Give when the notification was sent (not before the incident was discovered, not in the future).",
        ),
    ),
    "text": (400, _("error_incident_text", default="The notification's text is empty.")),
    "late_reason": (
        400,
        _(
            "error_incident_late_reason",
            default="The notification comes after 72 hours: give the reasons for the delay.",
        ),
    ),
    "measures": (
        400,
        _(
            "error_incident_measures",
            default="Record the measures taken before closing the incident.",
        ),
    ),
}


def refusal(act: str, state: str, incident: dict, now) -> str | None:
    """The code of the reason `act` cannot be done now, or None (see REFUSALS)."""
    leaves, _reaches = ACTS[act]
    if state not in leaves:
        return "state"
    risk = incident.get("risk") or "unassessed"
    if act == "assess":
        if not (incident.get("description") or "").strip():
            return "description"
        if risk == "unassessed":
            return "risk"
    if act in ("notify", "not_notifiable") and risk == "unassessed":
        return "risk"
    if act == "notify":
        if not duties(risk)[0]:
            return "notify_not_owed"
        sent = incident.get("notified_at")
        # people give times to the minute: the minute of discovery itself will do
        if (
            sent is None
            or sent > now
            or sent < incident["discovered"].replace(second=0, microsecond=0)
        ):
            return "notified_at"
        if not (incident.get("notification_text") or "").strip():
            return "text"
        if late(incident["discovered"], sent) and not (incident.get("late_reason") or "").strip():
            return "late_reason"
    if act == "not_notifiable" and duties(risk)[0]:
        return "notify_owed"
    if act == "close" and not (incident.get("measures") or "").strip():
        return "measures"
    return None
