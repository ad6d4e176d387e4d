"""GET @protocol on a session: its record (frozen once approved), the correction period, the
decisions and the links to the files.

The council reads the protocol from the close of the session on; visitors once it is
published (404 before, as for anything not public).
"""

import datetime
from plone.restapi.services import Service
from ratusha import _
from ratusha.core import dates
from ratusha.core.rest import error
from ratusha.council.lifecycle import problems
from ratusha.council.protocol import access
from ratusha.council.protocol import corrections
from ratusha.council.protocol import decision_entries
from ratusha.council.protocol import protocol_rules
from ratusha.council.protocol import publication
from ratusha.council.protocol import render
from ratusha.council.protocol import storage
from ratusha.council.protocol.record import current_record
from zope.i18n import translate


NOT_PUBLIC = _(
    "error_protocol_not_public", default="The protocol of this session is not published."
)


def links(session) -> dict:
    url = session.absolute_url()
    return {
        "page": f"{url}/@@protocol",
        "pdf": f"{url}/@@protocol.pdf",
        "odt": f"{url}/@@protocol.odt",
        "opendata": f"{url}/@@opendata.json",
        "polls_csv": f"{url}/@@polls.csv",
        "votes_csv": f"{url}/@@votes.csv",
        "corrections": f"{url}/@protocol-corrections",
    }


def protocol_reply(session, request) -> dict:
    record = current_record(session)
    frozen = storage.frozen(session)
    data = storage.info(session)
    translate_fn = render.translator(request=request)
    result = {
        "@id": f"{session.absolute_url()}/@protocol",
        "review_state": access.state_of(session),
        "frozen": bool(frozen.get("pdf")),
        "record": record.to_dict(),
        "links": links(session),
        "correction": corrections.period(session),
        "recording_url": data.get("recording_url") or "",
        "recording_required": protocol_rules.needs_recording(session.mode),
        "decisions": decision_entries.entries(session, record, translate_fn),
    }
    if frozen.get("pdf"):
        result["checksums"] = {k: frozen[k] for k in ("pdf_sha256", "odt_sha256", "record_sha256")}
        result["approved_at"] = frozen.get("approved_at") and dates.iso(
            datetime.datetime.fromisoformat(frozen["approved_at"])
        )
    if access.may_follow(session):
        result["corrections"] = corrections.listing(session)
    if access.may_manage(session):
        result["recorder"] = data.get("recorder") or ""
        result["publication"] = publication.status(session)
        result["problems"] = {
            transition: [translate(p, context=request) for p in problems(session, transition)]
            for transition in ("approve_protocol", "publish_protocol")
        }
    return result


class ProtocolGet(Service):
    def reply(self):
        if not access.may_read(self.context):
            return error(self.request, NOT_PUBLIC, 404)
        return protocol_reply(self.context, self.request)
