"""The acts of voting, with every check before anything is written, and the audit record.

    create_poll(item, kind, ...)       staff or chair (Manage session)
    open_poll(item, poll)              the chair, with quorum; snapshot of those present
    close_poll(item, poll)             the chair, with quorum; outcome, decision number
    cast_vote(item, poll, choice, request)    the councillor's own vote, never anyone else's
    record_vote(item, poll, voter, choice)    council staff: a roll call answer
    record_totals(item, poll, yes, no, abstain)   council staff: a show of hands
    declare_conflict(item, text)       the councillor: a private interest in the item

Refusals raise VotingError (translatable message, HTTP status, stable code).
"""

import datetime
from plone import api
from ratusha import _
from ratusha.access.interfaces import second_factor_proven
from ratusha.audit.interfaces import record
from ratusha.core import permissions
from ratusha.core.login import authorization_header
from ratusha.council import attendance
from ratusha.council import ballots
from ratusha.council import majority
from ratusha.council import quorum
from ratusha.council import rules as council_rules
from ratusha.council.councils import agenda
from ratusha.council.councils import council_of
from ratusha.council.councils import fullname
from ratusha.council.councils import is_councillor
from ratusha.council.councils import session_councillor_ids
from ratusha.council.councils import session_of
from ratusha.council.quorum import QuorumError
from ratusha.council.voting import decisions
from ratusha.council.voting import polls
from ratusha.council.voting import settings
from ratusha.council.voting import urnstore
from ratusha.council.voting.outcomes import poll_outcome
import transaction
from zope.globalrequest import getRequest
from zope.i18n import translate


KIND_TITLES = {
    polls.AMENDMENT: _("poll_kind_amendment", default="Amendment"),
    polls.WHOLE: _("poll_kind_whole", default="Decision as a whole"),
    polls.AGENDA: _("poll_kind_agenda", default="Inclusion in the agenda"),
    polls.PROCEDURAL: _("poll_kind_procedural", default="Procedural vote"),
    polls.ELECTION: _("poll_kind_election", default="Election"),
}
PREPARING = ("draft", "convened", "open")
WRITTEN_STATES = ("convened", "open")

MESSAGES = {
    "forbidden": _("error_poll_forbidden", default="Only the chair and council staff may do this."),
    "session_over": _(
        "error_poll_session_over", default="The session is over: its polls cannot change any more."
    ),
    "kind": _("error_poll_kind", default="Unknown kind of poll."),
    "mode": _("error_poll_mode", default="Unknown voting mode."),
    "mode_not_allowed": _(
        "error_poll_mode_not_allowed",
        default="The law allows only these modes for this item: ${modes} (${citation}).",
    ),
    "amendment_text": _("error_poll_amendment_text", default="Give the text of the amendment."),
    "candidates": _(
        "error_poll_candidates", default="Give the candidates of the election (different names)."
    ),
    "written_mode": _(
        "error_poll_written_mode",
        default="A written ballot is returned by each councillor: choose an "
        "electronic named vote or a secret ballot.",
    ),
    "deadline": _(
        "error_poll_deadline",
        default="Give the deadline for the written ballots (a future date and time).",
    ),
    "session_not_open": _(
        "error_poll_session_not_open", default="Polls are opened only while the session is open."
    ),
    "written_state": _(
        "error_poll_written_state",
        default="Written ballots are sent only in a convened or open session.",
    ),
    "another_open": _(
        "error_poll_another_open", default="Another poll of this session is open: close it first."
    ),
    "nobody": _("error_poll_nobody", default="No councillor may vote in this poll."),
    "outstanding": _(
        "error_poll_outstanding",
        default="${count} written ballots are still out and the deadline has not passed.",
    ),
    "impossible": _("error_poll_impossible", default="The result cannot be computed: ${reason}"),
    "not_councillor": _(
        "error_vote_not_councillor", default="Only councillors of this council vote."
    ),
    "recorded_by_staff": _(
        "error_vote_recorded_by_staff", default="In this poll council staff record the votes."
    ),
    "deadline_passed": _(
        "error_vote_deadline_passed", default="The deadline for written ballots has passed."
    ),
    "remote_regime": _(
        "error_vote_remote_regime",
        default="Voting from outside the hall is allowed only in a remote "
        "session under чл. 28а ЗМСМА with its precondition recorded.",
    ),
    "two_factor": _(
        "error_vote_two_factor",
        default="A remote vote needs a login with the second factor (code).",
    ),
    "not_in_video": _(
        "error_vote_not_in_video",
        default="A remote vote needs you in the session's video room now.",
    ),
    "record_forbidden": _(
        "error_vote_record_forbidden",
        default="Only council staff record a roll call or a show of hands.",
    ),
    "not_roll_call": _(
        "error_vote_not_roll_call",
        default="Staff record answers only in a roll call; in other polls the "
        "councillors vote themselves.",
    ),
    "voter_unknown": _(
        "error_vote_voter_unknown", default="${voter} is not a councillor of this council."
    ),
    "totals": _("error_vote_totals", default="Give the numbers for, against and abstained."),
    "conflict_text": _("error_conflict_text", default="Describe the private interest you declare."),
    "conflict_twice": _(
        "error_conflict_twice",
        default="You have already declared a conflict of interest on this item.",
    ),
}


class VotingError(Exception):
    def __init__(self, message, status=400, code="refused"):
        super().__init__(str(message))
        self.message = message
        self.status = status
        self.code = code


def refuse(code, status, **mapping):
    base = MESSAGES[code]
    message = _(base, default=base.default, mapping=mapping) if mapping else base
    raise VotingError(message, status, code)


def from_ballot(exc: ballots.BallotError) -> VotingError:
    mapping = dict(exc.mapping)
    if "voter" in mapping:
        mapping["voter"] = fullname(mapping["voter"])
    return VotingError(_(exc.msgid, default=exc.default, mapping=mapping), exc.status, exc.code)


def me():
    return api.user.get_current().getId()


def _state(obj):
    return api.content.get_state(obj, default=None)


def _require(permission, obj, code="forbidden"):
    if not api.user.has_permission(permission, obj=obj):
        refuse(code, 403)


def _quorum(session):
    try:
        attendance.require_quorum(session)
    except QuorumError as exc:
        raise VotingError(exc.message, exc.status or 409, "quorum") from None


def _deadline(value):
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        try:
            moment = datetime.datetime.fromisoformat(str(value or ""))
        except ValueError:
            refuse("deadline", 400)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=settings.SOFIA)
    if moment <= polls.now():
        refuse("deadline", 400)
    return moment.astimezone(datetime.UTC)


def _candidates(options):
    if not isinstance(options, (list, tuple)):
        refuse("candidates", 400)
    found = [str(o).strip() for o in options if str(o).strip()]
    if not found or len(set(found)) != len(found):
        refuse("candidates", 400)
    return found


def create_poll(
    item, kind, title=None, mode=None, text="", options=None, written=False, deadline=None
) -> polls.Poll:
    _require(permissions.ManageSession, item)
    session = session_of(item)
    if _state(session) not in PREPARING:
        refuse("session_over", 409)
    if kind not in polls.KINDS:
        refuse("kind", 400)
    rule = settings.rule_for_item(item, kind, session)
    allowed = majority.allowed_modes(rule)
    mode = mode or allowed[0]
    if mode not in ballots.MODES:
        refuse("mode", 400)
    if mode not in allowed:
        refuse("mode_not_allowed", 400, modes=", ".join(allowed), citation=rule.citation)
    text = text.strip() if isinstance(text, str) else ""
    if kind == polls.AMENDMENT and not text:
        refuse("amendment_text", 400)
    candidates = _candidates(options) if kind == polls.ELECTION and mode == ballots.SECRET else None
    if written:
        if not settings.remote_regime(session):
            refuse("remote_regime", 403)
        if mode not in (ballots.NAMED, ballots.SECRET):
            refuse("written_mode", 400)
        deadline = _deadline(deadline)
    title = (title or "").strip() if isinstance(title, str) else ""
    if not title:
        title = translate(KIND_TITLES[kind], target_language=api.portal.get_default_language())
    poll = polls.Poll(kind, title, mode, rule.to_dict(), candidates, created_by=me())
    poll.text = text
    if written:
        poll.written, poll.deadline = True, deadline
    polls.add_poll(item, poll)
    record(
        "council.poll-created",
        item,
        details={
            "poll": poll.id,
            "kind": kind,
            "mode": mode,
            "written": bool(written),
            "base": rule.base,
            "citation": rule.citation,
        },
    )
    return poll


def open_polls(session):
    """(item, poll) of every open poll of the session."""
    return [
        (item, poll)
        for item in agenda(session)
        for poll in polls.polls_of(item)
        if poll.state == polls.OPEN
    ]


def open_poll(item, poll):
    _require(permissions.ManageSession, item)
    if poll.state == polls.OPEN:
        raise from_ballot(ballots.AlreadyOpen())
    if poll.state == polls.CLOSED:
        raise from_ballot(ballots.PollClosed())
    session = session_of(item)
    if poll.written:
        if _state(session) not in WRITTEN_STATES:
            refuse("written_state", 409)
        if not settings.remote_regime(session):
            refuse("remote_regime", 403)
        present = session_councillor_ids(session)
    else:
        if _state(session) != "open":
            refuse("session_not_open", 409)
        _quorum(session)
        present = attendance.present_councillors(session)
    if open_polls(session):
        refuse("another_open", 409)
    conflicts = polls.declarations(item)
    if not [voter for voter in present if voter not in conflicts]:
        refuse("nobody", 409)
    moment = polls.now()
    poll.box.open(present, moment, conflicts, urn=urn_of(poll))
    poll.opened, poll.opened_by = moment, me()
    record(
        "council.poll-opened",
        item,
        details={
            "poll": poll.id,
            "present": len(poll.box.present),
            "eligible": len(poll.box.eligible),
            "conflicts": len(poll.box.present) - len(poll.box.eligible),
        },
    )


def urn_of(poll):
    """Where the choices of a secret poll go (None for the other modes)."""
    return urnstore.urn(poll.id) if poll.mode == ballots.SECRET else None


def last_try() -> bool:
    """No ConflictError retry is left to this request (or there is no request)."""
    request = getRequest()
    return request is None or not getattr(request, "supports_retry", lambda: False)()


def returned(poll) -> int:
    box = poll.box
    return len(box.voted) if poll.mode == ballots.SECRET else len(box.ballots)


def _counts(poll):
    box = poll.box
    if box.totals is not None:
        return dict(box.totals)
    return dict(box.tally()["counts"] or {})


def option_names(poll) -> dict:
    return {option: fullname(option) for option in poll.options}


def close_poll(item, poll):
    _require(permissions.ManageSession, item)
    if poll.state == polls.CREATED:
        raise from_ballot(ballots.PollNotOpen())
    if poll.state == polls.CLOSED:
        raise from_ballot(ballots.PollClosed())
    session = session_of(item)
    moment = polls.now()
    if poll.written:
        outstanding = len(poll.box.eligible) - returned(poll)
        if outstanding > 0 and moment < poll.deadline:
            refuse("outstanding", 409, count=outstanding)
    else:
        _quorum(session)
    try:
        poll.box.close(moment, urn=urn_of(poll), last_try=last_try())
    except ballots.BallotError as exc:
        raise from_ballot(exc) from None
    seats = attendance.seats(session)
    present = returned(poll) if poll.written else len(poll.box.eligible)
    try:
        outcome, elected = poll_outcome(
            majority.Rule.from_dict(poll.rule),
            seats,
            present,
            _counts(poll),
            election=poll.election,
            written=poll.written,
            names=option_names(poll),
        )
    except majority.MajorityError as exc:
        refuse("impossible", 409, reason=str(exc))
    poll.outcome, poll.elected = outcome.to_dict(), elected
    poll.closed, poll.closed_by = moment, me()
    details = {
        "poll": poll.id,
        "adopted": outcome.adopted,
        "yes": outcome.yes,
        "no": outcome.no,
        "abstain": outcome.abstain,
        "required": outcome.required,
        "present": outcome.present,
    }
    if poll.election:
        details["elected"] = elected
    record("council.poll-closed", item, details=details)
    if outcome.adopted and _numbered(item, poll):
        decisions.number_decision(item, poll, me())


def _numbered(item, poll):
    """An adopted decision as a whole, or an election, is a decision of the council."""
    kind = getattr(item, "kind", None)
    if poll.kind == polls.WHOLE:
        return kind == council_rules.DECISION
    return poll.kind == polls.ELECTION and kind == council_rules.ELECTION


def presence_status(session, voter):
    return quorum.presence(attendance.events(session), True).get(voter)


def check_remote(session, poll, voter, request=None):
    """A vote from outside the hall: only in the чл. 28а regime, with the second factor (own
    votes) and, unless written, the councillor in the video room at this moment."""
    if poll.written:
        if not settings.remote_regime(session):
            refuse("remote_regime", 403)
        if request is not None and not second_factor_proven(
            request, voter, authorization_header(request)
        ):
            refuse("two_factor", 403)
        return
    if not settings.is_remote_mode(session):
        return
    status = presence_status(session, voter)
    if session.mode != council_rules.REMOTE and status is not None and status.hall:
        return  # in the hall of a hybrid session: an ordinary vote
    if not settings.remote_regime(session):
        refuse("remote_regime", 403)
    if request is not None and not second_factor_proven(
        request, voter, authorization_header(request)
    ):
        refuse("two_factor", 403)
    if status is None or not status.video:
        refuse("not_in_video", 403)


def _check_poll_open(poll):
    if poll.state == polls.CREATED:
        raise from_ballot(ballots.PollNotOpen())
    if poll.state == polls.CLOSED:
        raise from_ballot(ballots.PollClosed())


def cast_vote(item, poll, choice, request) -> dict:
    """The authenticated councillor's own vote; returns what may be told back."""
    voter = me()
    council = council_of(item)
    if not api.user.has_permission(permissions.CastVote, obj=item) or not (
        voter in poll.box.present or is_councillor(council, voter)
    ):
        refuse("not_councillor", 403)
    if poll.mode in (ballots.ROLL_CALL, ballots.SHOW_OF_HANDS):
        refuse("recorded_by_staff", 400)
    _check_poll_open(poll)
    if poll.written and polls.now() > poll.deadline:
        refuse("deadline_passed", 409)
    check_remote(session_of(item), poll, voter, request)
    changed = poll.box.has_voted(voter)
    replace = poll.mode == ballots.NAMED and settings.allow_change(council)
    try:
        poll.box.cast(voter, choice, polls.now(), replace=replace, urn=urn_of(poll))
    except ballots.BallotError as exc:
        raise from_ballot(exc) from None
    if poll.mode == ballots.SECRET:
        ballots.anonymise_transaction()
        record("council.secret-ballot", item, details={"poll": poll.id})
        return {"poll": poll.id, "voted": True}
    record(
        "council.vote",
        item,
        details={"poll": poll.id, "mode": poll.mode, "choice": choice, "changed": changed},
    )
    return {"poll": poll.id, "voted": True, "choice": choice, "changed": changed}


def record_vote(item, poll, voter, choice) -> dict:
    """A roll call (поименно гласуване): the clerk records the answer the councillor gave."""
    _require(permissions.RecordVotes, item, "record_forbidden")
    if poll.mode != ballots.ROLL_CALL:
        refuse("not_roll_call", 400)
    if not isinstance(voter, str) or not (
        voter in poll.box.present or is_councillor(council_of(item), voter)
    ):
        refuse("voter_unknown", 400, voter=str(voter))
    _check_poll_open(poll)
    check_remote(session_of(item), poll, voter)
    try:
        poll.box.cast(voter, choice, polls.now(), replace=True, recorded_by=me())
    except ballots.BallotError as exc:
        raise from_ballot(exc) from None
    record(
        "council.vote-recorded", item, details={"poll": poll.id, "voter": voter, "choice": choice}
    )
    return {"poll": poll.id, "voter": voter, "choice": choice}


def record_totals(item, poll, yes, no, abstain) -> dict:
    _require(permissions.RecordVotes, item, "record_forbidden")
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in (yes, no, abstain)):
        refuse("totals", 400)
    try:
        poll.box.record_totals(yes, no, abstain)
    except ballots.BallotError as exc:
        raise from_ballot(exc) from None
    record(
        "council.totals-recorded",
        item,
        details={"poll": poll.id, "yes": yes, "no": no, "abstain": abstain},
    )
    return {"poll": poll.id, "totals": dict(poll.box.totals)}


def declare_conflict(item, text) -> dict:
    """The councillor declares a private interest: he does not vote on this item (in its
    open poll, if he has not voted yet, and in every poll opened after)."""
    voter = me()
    if not is_councillor(council_of(item), voter):
        refuse("not_councillor", 403)
    text = text.strip() if isinstance(text, str) else ""
    if not text:
        refuse("conflict_text", 400)
    if _state(session_of(item)) not in PREPARING:
        refuse("session_over", 409)
    if voter in polls.declarations(item):
        refuse("conflict_twice", 409)
    running = [poll for poll in polls.polls_of(item) if poll.state == polls.OPEN]
    for poll in running:
        if poll.box.has_voted(voter):
            raise from_ballot(ballots.LateDeclaration(voter=voter))
    moment = polls.now()
    polls.voting_of(item, create=True).conflicts[voter] = (moment, text)
    for poll in running:
        poll.box.declare_conflict(voter, text, moment)
    record("council.conflict-declared", item, details={"polls": [p.id for p in running]})
    return {"councillor": voter, "time": moment.isoformat(), "text": text}


def doom():
    """After a refusal nothing of the request may be committed."""
    transaction.doom()
