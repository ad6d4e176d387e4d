"""The life of a session and its agenda: guards with reasons, convening, opening, closing.

problems(obj, transition) is what the workflow guards and POST @workflow ask; it combines
the rules (council.rules, council.quorum) with every ISessionTransitionCheck subscriber.
"""

import datetime
from plone import api
from plone.app.contenttypes.interfaces import IFile
from ratusha import _
from ratusha.core.dates import SOFIA
from ratusha.core.dates import sofia
from ratusha.council import opening
from ratusha.council import rules
from ratusha.council.councils import agenda
from ratusha.council.councils import council_of
from ratusha.council.councils import session_of
from ratusha.council.interfaces import IAgendaItem
from ratusha.council.interfaces import ISession
from ratusha.council.interfaces import ISessionCompliance
from ratusha.council.interfaces import ISessionTransitionCheck
from ratusha.council.quorum import QuorumError
from zope.annotation.interfaces import IAnnotations
from zope.component import subscribers
from zope.globalrequest import getRequest
from zope.i18nmessageid import Message
from zope.interface import moduleProvides


moduleProvides(ISessionCompliance)  # registered as the ISessionCompliance utility in configure.zcml

SOFIA_DAY = "%d.%m.%Y"
PUBLISHED_ITEM_STATES = ("public", "internal")

MESSAGES = {
    "no-reason": _("problem_no_reason", default="Give the reason for the extraordinary session."),
    "short-notice": _(
        "problem_short_notice",
        default="The agenda and materials must be published ${needed} days before "
        "the session, by ${deadline}; ${given} days are left.",
    ),
    "remote-not-allowed": _(
        "problem_remote_not_allowed",
        default="The rulebook does not allow hybrid or remote sessions.",
    ),
    "no-remote-basis": _(
        "problem_no_remote_basis", default="Record the basis for meeting by video (чл. 28а ЗМСМА)."
    ),
    "no-items": _("problem_no_items", default="The agenda is empty."),
    "bad-legal-basis": _(
        "problem_bad_legal_basis", default="«${item}»: the legal basis is incomplete (${reason})."
    ),
    "no-legal-basis": _(
        "problem_no_legal_basis",
        default="«${item}»: a decision or an election needs its legal basis.",
    ),
    "no-materials": _("problem_no_materials", default="«${item}»: the materials are missing."),
    "closed-format": _(
        "problem_closed_format",
        default="«${item}»: ${file} is not in an open format (PDF, ODT, DOCX, …).",
    ),
    "closed-door": _(
        "problem_closed_door",
        default="The session is closed: its items are published to the council only.",
    ),
    "open-door": _(
        "problem_open_door",
        default="The session is open to the public: publish its items to everyone.",
    ),
    "session-closed": _(
        "problem_session_over", default="The session is over: its agenda cannot change any more."
    ),
    "not-convened": _("problem_not_convened", default="Publish items by convening the session."),
    "no-livestream": _(
        "warning_no_livestream",
        default="The session is open to the public but has no live stream address.",
    ),
    "not-published": _(
        "warning_not_published",
        default="The agenda and materials should have been published by ${deadline}.",
    ),
    "published-late": _(
        "warning_published_late",
        default="The session was convened on ${published}, after the deadline ${deadline}.",
    ),
    "materials-late": _(
        "warning_materials_late",
        default="${count} material(s) were published after the deadline ${deadline}.",
    ),
    "materials-missing": _(
        "warning_materials_missing",
        default="${count} decision or election item(s) have no materials.",
    ),
    opening.TOO_EARLY: _(
        "problem_open_too_early",
        default="The session is convened for ${convened}: it cannot be opened "
        "before that day (today is ${day}).",
    ),
    opening.NEEDS_REASON: _(
        "problem_open_needs_reason",
        default="The session was convened for ${convened}. To open it on "
        "${day} (a postponed or continued session), give the reason; "
        "the protocol will state it.",
    ),
}
OPENING_REASON = "ratusha.council.opening-reason"


def message(problem):
    values = {
        k: (v.strftime(SOFIA_DAY) if isinstance(v, datetime.date) else v)
        for k, v in problem.values.items()
    }
    return Message(MESSAGES[problem.code], mapping=values)


def today():
    return datetime.datetime.now(SOFIA).date()


def materials(item) -> list:
    return [obj for obj in item.objectValues() if IFile.providedBy(obj)]


def _material_facts(item):
    facts = []
    for obj in materials(item):
        blob = getattr(obj, "file", None)
        facts.append(
            rules.Material(
                getattr(blob, "filename", "") or obj.getId(), getattr(blob, "contentType", "") or ""
            )
        )
    return tuple(facts)


def item_facts(item) -> rules.ItemFacts:
    return rules.ItemFacts(
        title=item.Title(),
        kind=item.kind,
        basis=(
            item.legal_law or "",
            item.legal_article or "",
            item.legal_paragraph or "",
            item.legal_point or "",
        ),
        materials=_material_facts(item),
    )


def session_facts(session) -> rules.SessionFacts:
    council = council_of(session)
    return rules.SessionFacts(
        kind=session.kind,
        start=sofia(session.start).date(),
        today=today(),
        notice_days=council.notice_days if council is not None else 7,
        extraordinary_days=council.extraordinary_notice_days if council is not None else 1,
        reason=session.extraordinary_reason or "",
        mode=session.mode,
        remote_allowed=bool(council.remote_allowed) if council is not None else False,
        remote_needs_basis=bool(council.remote_needs_basis) if council is not None else True,
        remote_basis=session.remote_basis or "",
        items=tuple(item_facts(item) for item in agenda(session)),
    )


def convened_for(session) -> datetime.datetime:
    """The moment the session was convened for (fixed when convening; later edits of the
    start do not move it)."""
    return session.convened_for or session.start


def give_opening_reason(request, reason: str) -> None:
    """The reason for opening on another day than convened, for this request's guards."""
    IAnnotations(request)[OPENING_REASON] = reason


def opening_reason(request=None) -> str:
    request = request if request is not None else getRequest()
    if request is None:
        return ""
    try:
        return IAnnotations(request).get(OPENING_REASON, "")
    except TypeError:
        return ""


def opening_verdict(session, now=None, reason=None) -> opening.Opening:
    """May the session open now (Sofia days), with the reason given in this request?"""
    now = now or datetime.datetime.now(datetime.UTC)
    return opening.opening(
        convened_for(session), now, opening_reason() if reason is None else reason
    )


def opening_message(verdict: opening.Opening):
    return Message(
        MESSAGES[verdict.code],
        mapping={
            "convened": verdict.convened.strftime(SOFIA_DAY),
            "day": verdict.day.strftime(SOFIA_DAY),
        },
    )


def _session_problems(session, transition, reason=None):
    if transition == "convene":
        return [message(p) for p in rules.convene_problems(session_facts(session))]
    if transition == "open":
        verdict = opening_verdict(session, reason=reason)
        if not verdict.allowed:
            return [opening_message(verdict)]
        from ratusha.council.attendance import require_quorum

        try:
            require_quorum(session)
        except QuorumError as exc:
            return [exc.message]
    return []


def _item_problems(item, transition):
    session = session_of(item)
    state = api.content.get_state(session, default=None) if session is not None else None
    if transition in ("publish", "publish_closed"):
        if state == "draft":
            return [MESSAGES["not-convened"]]
        if state not in ("convened", "open"):
            return [MESSAGES["session-closed"]]
        found = [message(p) for p in rules.item_problems(item_facts(item))]
        closed = bool(session.closed_door)
        if transition == "publish" and closed:
            found.append(MESSAGES["closed-door"])
        if transition == "publish_closed" and not closed:
            found.append(MESSAGES["open-door"])
        return found
    if transition == "retract" and state not in ("draft", "convened", "open"):
        return [MESSAGES["session-closed"]]
    return []


def problems(obj, transition, reason=None) -> list:
    """Translatable reasons why `transition` may not happen now (empty: it may).

    `reason`: the reason for opening on another day than convened (default: the one given
    in this request)."""
    if ISession.providedBy(obj):
        found = _session_problems(obj, transition, reason)
    elif IAgendaItem.providedBy(obj):
        found = _item_problems(obj, transition)
    else:
        return []
    for check in subscribers((obj,), ISessionTransitionCheck):
        found += list(check.problems(transition) or ())
    return found


def publication_transition(session) -> str:
    return "publish_closed" if session.closed_door else "publish"


def publish_items(session) -> list:
    """Publish every draft item of a session that is being convened (the system does it)."""
    done = []
    transition = publication_transition(session)
    with api.env.adopt_roles(["Manager"]):
        for item in agenda(session):
            if api.content.get_state(item, default=None) == "draft":
                api.content.transition(obj=item, transition=transition)
                done.append(item.UID())
    return done


def compliance_facts(session) -> rules.ComplianceFacts:
    council = council_of(session)
    published = sofia(session.published_on).date() if session.published_on else None
    late = []
    missing = 0
    for item in agenda(session):
        files = materials(item)
        if item.kind in rules.NEEDS_MATERIALS and not files:
            missing += 1
        if published is not None:
            late += [sofia(obj.created().asdatetime()).date() for obj in files]
    return rules.ComplianceFacts(
        state=api.content.get_state(session, default=""),
        closed_door=bool(session.closed_door),
        livestream_url=session.livestream_url or "",
        start=sofia(session.start).date(),
        today=today(),
        notice_days=council.notice_days if council is not None else 7,
        published=published,
        materials_published=tuple(late),
        decision_items_without_materials=missing,
    )


def compliance(session) -> list[dict]:
    """Warnings for council staff: {"code", "message"} (message translatable)."""
    return [
        {"code": p.code, "message": message(p)}
        for p in rules.compliance_warnings(compliance_facts(session))
    ]
