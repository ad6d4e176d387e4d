"""Details of the protocol staff give until approval: the session's recording (required for
sessions held by video, чл. 28а ЗМСМА) and who keeps the minutes."""

from plone import api
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.rest import InputError
from ratusha.council.protocol import protocol_rules
from ratusha.council.protocol import storage
from ratusha.council.protocol.access import state_of


EDITABLE = ("closed", "protocol_correction")


def update(session, values: dict) -> dict:
    """Validate every value first, then store them; InputError (400, 409) otherwise."""
    if state_of(session) not in EDITABLE:
        raise InputError(
            _(
                "error_protocol_frozen",
                default="The protocol is approved; it cannot change any more.",
            ),
            409,
        )
    changes = {}
    if "recording_url" in values:
        url = values["recording_url"] or ""
        if not isinstance(url, str) or (url.strip() and not protocol_rules.valid_url(url)):
            raise InputError(
                _("error_recording_url", default="Give the recording's address (http or https).")
            )
        changes["recording_url"] = url.strip()
    if "recorder" in values:
        recorder = values["recorder"] or ""
        if not isinstance(recorder, str) or (recorder and api.user.get(userid=recorder) is None):
            raise InputError(_("error_recorder", default="The minutes are kept by a known user."))
        changes["recorder"] = recorder
    if not changes:
        raise InputError(_("error_protocol_nothing", default='Send "recording_url" or "recorder".'))
    storage.info(session, create=True).update(changes)
    record("council.protocol-changed", session, details={"fields": sorted(changes)})
    return changes
