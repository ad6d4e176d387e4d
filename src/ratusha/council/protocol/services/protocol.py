"""GET @protocol: the session's record (frozen once approved), the correction period, the
decisions and the links to the files; POST @protocol {"recording_url"?, "recorder"?}: staff
name the recording of the session and who keeps the minutes (until approval).

The council reads the protocol from the close of the session on; visitors once it is
published (404 before, as for anything not public).
"""

from plone.restapi.interfaces import IExpandableElement
from plone.restapi.services import Service
from zope.component import adapter
from zope.interface import Interface
from zope.interface import implementer
from zope.i18n import translate

from ratusha import _
from ratusha.core.rest import error
from ratusha.core.rest import run
from ratusha.council.interfaces import ISession
from ratusha.council.lifecycle import problems
from ratusha.council.protocol import access
from ratusha.council.protocol import corrections
from ratusha.council.protocol import decisions
from ratusha.council.protocol import details
from ratusha.council.protocol import publication
from ratusha.council.protocol import render
from ratusha.council.protocol import rules
from ratusha.council.protocol import storage
from ratusha.council.protocol.record import current_record

NOT_PUBLIC = _("error_protocol_not_public",
               default="The protocol of this session is not published.")


def links(session) -> dict:
    url = session.absolute_url()
    return {"page": f"{url}/@@protocol", "pdf": f"{url}/@@protocol.pdf",
            "odt": f"{url}/@@protocol.odt", "opendata": f"{url}/@@opendata.json",
            "polls_csv": f"{url}/@@polls.csv", "votes_csv": f"{url}/@@votes.csv",
            "corrections": f"{url}/@protocol-corrections"}


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
        "recording_required": rules.needs_recording(session.mode),
        "decisions": decisions.entries(session, record, translate_fn),
    }
    if frozen.get("pdf"):
        result["checksums"] = {k: frozen[k] for k in ("pdf_sha256", "odt_sha256",
                                                       "record_sha256")}
        result["approved_at"] = frozen.get("approved_at")
    if access.may_follow(session):
        result["corrections"] = corrections.listing(session)
    if access.may_manage(session):
        result["recorder"] = data.get("recorder") or ""
        result["publication"] = publication.status(session)
        result["problems"] = {
            transition: [translate(p, context=request) for p in problems(session, transition)]
            for transition in ("approve_protocol", "publish_protocol")}
    return result


@implementer(IExpandableElement)
@adapter(ISession, Interface)
class ProtocolExpansion:
    """`@components.protocol` of a session (`?expand=protocol` brings the whole of it)."""

    def __init__(self, context, request):
        self.context = context
        self.request = request

    def __call__(self, expand=False):
        if not access.may_read(self.context):
            return {}
        if expand:
            return {"protocol": protocol_reply(self.context, self.request)}
        return {"protocol": {"@id": f"{self.context.absolute_url()}/@protocol"}}


class ProtocolGet(Service):
    def reply(self):
        if not access.may_read(self.context):
            return error(self.request, NOT_PUBLIC, 404)
        return protocol_reply(self.context, self.request)


class ProtocolPost(Service):
    def reply(self):
        return run(self, self.act)

    def act(self, body):
        details.update(self.context, body)
        return protocol_reply(self.context, self.request)
