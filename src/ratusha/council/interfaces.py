"""Contracts of the council: content markers, the live page's sections, transition checks."""

from zope.interface import Attribute
from zope.interface import Interface
from zope.interface.interfaces import IObjectEvent


class ICouncil(Interface):
    """Marker: a municipal council (общински съвет) with its seats, term and rulebook."""


class ICommittee(Interface):
    """Marker: a standing committee (постоянна комисия)."""


class IPoliticalGroup(Interface):
    """Marker: a group of councillors (група общински съветници)."""


class ISession(Interface):
    """Marker: a session of the council (заседание)."""


class IAgendaItem(Interface):
    """Marker: an item of a session's agenda (точка от дневния ред)."""


class ICommitteeOpinion(Interface):
    """Marker: a committee's opinion (становище) on an agenda item."""


class ILiveSessionSection(Interface):
    """A part of the live session page: a named multi-adapter of (session, request).

    Register one per feature, e.g. the voting panel of part 2:
    <adapter name="voting" factory=".live.VotingSection"
             for="ratusha.council.interfaces.ISession ratusha.interfaces.IRatushaLayer"
             provides="ratusha.council.interfaces.ILiveSessionSection" />
    The page renders every available section by `order` inside
    <section data-live-section="NAME">; GET @live-state carries each section's state()
    under "sections"/NAME, and with ?html=1 also its fresh render() as "html", which the
    page puts in place when the state changed. The page also fires a
    `ratusha:live-state` DOM event (detail: the whole state) for scripts of sections.
    """

    order = Attribute("Sort key; lower comes first")
    title = Attribute("Translatable heading (may be None)")

    def available():
        """True when the section applies to the current user and session."""

    def render():
        """HTML of the section's body."""

    def state():
        """JSON-safe dict; a change of it changes the live state's ETag."""


class ISessionTransitionCheck(Interface):
    """Subscription adapter of a session: more reasons a transition may not happen now.

    The session workflow's guards and POST @workflow ask every registered check; part 2
    adds the protocol and recording checks for closed → protocol_correction → … → published.
    """

    def problems(transition):
        """A list of translatable messages; empty when this check has no objection."""


class IPresenceChangedEvent(IObjectEvent):
    """A councillor's presence in a session changed (object: the session).

    Attributes: user_id, kind ("arrive", "leave", "return"), source ("staff", "self",
    "video"), at (Unix seconds), present (the councillor is now present).
    """


class IQuorumCheckedEvent(IObjectEvent):
    """A quorum check was recorded (object: the session); attribute `check` (a dict)."""


class ISessionCompliance(Interface):
    """Whether a session kept the statutory deadlines, as other capabilities read it (the
    utility is `ratusha.council.lifecycle`)."""

    def compliance(session):
        """Warnings [{"code", "message"}] as GET @council-compliance lists them."""


def session_compliance(session) -> list[dict]:
    """The compliance warnings of a session (see ISessionCompliance)."""
    from zope.component import getUtility

    return getUtility(ISessionCompliance).compliance(session)
