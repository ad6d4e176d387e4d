"""Polls (votes) on an agenda item: the stored objects and the contract the protocol reads.

    polls_of(item)            -> the item's Poll objects, in the order they were created
    get_poll(item, poll_id)   -> one Poll or None
    poll_record(item, poll)   -> opendata.Poll (plain data for the protocol and open data)
    conflicts_of(item)        -> [opendata.ConflictDeclaration] declared on the item
    decision_number(item)     -> int or None: the number of the adopted decision (Решение № N)
    decision_text(item)       -> str: the final text (draft decision + adopted amendments)

Everything lives in one annotation of the item (ItemVoting). A Poll is written only when it
is created, opened or closed; votes go into its BallotBox, whose BTrees take 51 simultaneous
votes without a conflict (see council.ballots). Declarations of a conflict of interest are a
BTree keyed by the councillor, so two councillors declaring at once do not collide either.
"""

from BTrees.OOBTree import OOBTree
import datetime
from persistent import Persistent
from persistent.list import PersistentList
from plone import api
from ratusha import _
from ratusha.council import opendata
from ratusha.council.ballots import BallotBox
from ratusha.council.ballots import SECRET
from ratusha.council.voting.text import final_text
from ratusha.council.voting.text import html_to_text
import uuid
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate


KEY = "ratusha.council.voting"
AMENDMENT, WHOLE, AGENDA, PROCEDURAL, ELECTION = (
    "amendment",
    "whole",
    "agenda",
    "procedural",
    "election",
)
AMENDMENTS_HEADING = _("decision_amendments_heading", default="Amendments adopted:")
KINDS = (AMENDMENT, WHOLE, AGENDA, PROCEDURAL, ELECTION)
# Kinds decided under the rule of the item's legal basis; the others are the council's own
# procedure (ЗМСМА чл. 27 ал. 3: more than half of those present, open vote).
BASIS_KINDS = (AMENDMENT, WHOLE, ELECTION)
CREATED, OPEN, CLOSED = "created", "open", "closed"


def now():
    return datetime.datetime.now(datetime.UTC)


class Poll(Persistent):
    """One vote on an agenda item.

    `rule`: majority.Rule.to_dict() fixed when the poll was created; `outcome`:
    majority.Outcome.to_dict() once closed; `elected`: the option elected by a secret election.
    `written`: a written ballot (неприсъствено гласуване, чл. 28а ал. 3) returned until
    `deadline` instead of a vote in the hall or the video room.
    """

    outcome = None
    elected = None
    opened = closed = None
    opened_by = closed_by = None
    written = False
    deadline = None
    text = ""

    def __init__(self, kind, title, mode, rule, options=None, created_by=None):
        self.id = uuid.uuid4().hex[:10]
        self.kind = kind
        self.title = title
        self.mode = mode
        self.rule = dict(rule)
        self.box = BallotBox(mode, options)
        self.created = now()
        self.created_by = created_by

    @property
    def state(self):
        if self.closed is not None:
            return CLOSED
        return OPEN if self.opened is not None else CREATED

    @property
    def options(self):
        return tuple(self.box.options)

    @property
    def election(self):
        return (
            self.mode == SECRET
            and self.kind == ELECTION
            and bool(self.box.options)
            and set(self.box.options) != {"yes", "no", "abstain"}
        )

    @property
    def adopted(self):
        return bool(self.outcome and self.outcome.get("adopted"))


class ItemVoting(Persistent):
    """The voting record of one agenda item."""

    decision = None  # dict once the decision is numbered (see council.voting.decisions)

    def __init__(self):
        self.polls = PersistentList()
        self.conflicts = OOBTree()  # councillor → (time, text)


def stored(obj, key, factory, create=False):
    """The annotation `key` of `obj`; made with `factory` only when `create` (a read never
    writes, so following a session does not conflict with voting in it)."""
    annotations = IAnnotations(obj)
    found = annotations.get(key)
    if found is None and create:
        found = annotations[key] = factory()
    return found


def voting_of(item, create=False):
    return stored(item, KEY, ItemVoting, create)


def polls_of(item) -> list:
    found = voting_of(item)
    return list(found.polls) if found is not None else []


def get_poll(item, poll_id):
    for poll in polls_of(item):
        if poll.id == poll_id:
            return poll
    return None


def add_poll(item, poll):
    voting_of(item, create=True).polls.append(poll)
    return poll


def declarations(item) -> dict:
    """councillor → (time, text) of every conflict of interest declared on the item."""
    found = voting_of(item)
    return dict(found.conflicts.items()) if found is not None else {}


def conflicts_of(item) -> list:
    return [
        opendata.ConflictDeclaration(voter, when, text)
        for voter, (when, text) in sorted(declarations(item).items(), key=lambda pair: pair[1][0])
    ]


def _returned(poll):
    box = poll.box
    return tuple(box.voted) if poll.mode == SECRET else tuple(box.ballots.keys())


def poll_record(item, poll) -> opendata.Poll:
    """The poll as plain data: named votes per councillor, totals only for secret ballots and
    shows of hands. A written ballot counts as present only who returned a ballot (and who
    declared a conflict), so a ballot not returned reads as an absence."""
    box = poll.box
    present, eligible = tuple(box.present), tuple(box.eligible)
    if poll.written:
        returned = _returned(poll)
        present = tuple(v for v in box.present if v in returned or v in box.conflicts)
        eligible = tuple(v for v in present if v not in box.conflicts)
    totals = {}
    if poll.mode not in ("named", "roll_call") and box.totals is not None:
        totals = dict(box.totals)
    return opendata.Poll(
        id=poll.id,
        title=poll.title,
        mode=poll.mode,
        present=present,
        eligible=eligible if box.conflicts else None,
        votes=dict(box.named_votes()),
        totals=totals,
        options=poll.options if poll.election else (),
        opened=poll.opened,
        closed=poll.closed,
        outcome=dict(poll.outcome) if poll.outcome else None,
        elected=poll.elected or "",
    )


def decision_number(item):
    found = voting_of(item)
    decision = found.decision if found is not None else None
    return decision["number"] if decision else None


def _language():
    try:
        return api.portal.get_default_language()
    except Exception:  # noqa: BLE001 - no site (plain tests): the English default
        return "en"


def current_text(item) -> str:
    """The draft decision with every amendment adopted on the item so far."""
    draft = getattr(item, "draft_decision", None)
    draft_text = html_to_text(draft.output) if draft is not None and draft.output else ""
    amendments = [poll.text for poll in polls_of(item) if poll.kind == AMENDMENT and poll.adopted]
    heading = translate(AMENDMENTS_HEADING, target_language=_language())
    return final_text(draft_text, amendments, heading)


def decision_text(item) -> str:
    """The adopted text once numbered; before that, the draft with the amendments adopted so
    far (what the council would adopt now)."""
    found = voting_of(item)
    if found is not None and found.decision:
        return found.decision["text"]
    return current_text(item)
