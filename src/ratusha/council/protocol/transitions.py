"""The protocol's part of the session workflow: the guards' reasons (an
ISessionTransitionCheck) and what each protocol transition does."""

from ratusha.council.interfaces import ISession
from ratusha.council.interfaces import ISessionTransitionCheck
from ratusha.council.protocol import corrections
from ratusha.council.protocol import freeze
from ratusha.council.protocol import protocol_rules
from ratusha.council.protocol import publication
from ratusha.council.protocol import storage
from ratusha.council.protocol.messages import message
from zope.component import adapter
from zope.interface import implementer


def approval_facts(session, day=None) -> protocol_rules.ApprovalFacts:
    start_day, days = corrections.period_facts(session)
    return protocol_rules.ApprovalFacts(
        today=day or corrections.today(),
        correction_started=start_day,
        correction_days=days,
        unresolved=corrections.unresolved(session),
        mode=session.mode,
        recording_url=storage.info(session).get("recording_url") or "",
    )


@implementer(ISessionTransitionCheck)
@adapter(ISession)
class ProtocolCheck:
    """Approval waits for the correction period and every request to be settled, and for the
    recording of a session held by video; publication needs the frozen protocol."""

    def __init__(self, session):
        self.session = session

    def problems(self, transition):
        if transition == "approve_protocol":
            return [
                message(p) for p in protocol_rules.approval_problems(approval_facts(self.session))
            ]
        if transition == "publish_protocol" and not storage.frozen(self.session).get("pdf"):
            return [message(protocol_rules.Problem("not-frozen"))]
        return []


def session_transitioned(session, event):
    if event.transition is None:
        return
    action = event.transition.getId()
    if action == "start_correction":
        corrections.start_period(session)
    elif action == "approve_protocol":
        freeze.freeze(session)
    elif action == "publish_protocol":
        publication.published(session)
