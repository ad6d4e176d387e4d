"""The record of a council session as plain data, and its open data (JSON, CSV); no Zope.

The protocol (protocol.layout) and the open data are two views of the same record, so the
record lives here, beside the simpler of the two. The integration builds a `Session` from the
content objects (or `Session.from_dict` from JSON); nothing here reads the ZODB.

Open data (the 2024 ЗМСМА rules: protocols and votes online, in an open format):
- per session: `session_json`, `polls_csv` (one row per poll), `votes_csv` (one row per
  councillor per named or roll-call poll, absences included);
- per councillor across a term: `term_json`, `term_votes_csv`.
Secret ballots and shows of hands appear only as totals. CSV: UTF-8 with BOM (Excel opens it
as UTF-8), comma-separated, a header row; column names are stable English identifiers
(POLL_COLUMNS, VOTE_COLUMNS). Vote values are the codes of VOTE_VALUES:
yes = за, no = против, abstain = въздържал се, not_voted = не гласува,
absent = отсъства, conflict = конфликт на интереси (present, did not vote).
"""

import csv
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field
from dataclasses import fields
import datetime
import io
import json
from ratusha.core.msgids import _
from ratusha.council.ballots import CHOICES
from ratusha.council.ballots import MODES
from ratusha.council.ballots import PERSONAL_MODES
from ratusha.council.ballots import SECRET
import string


VOTE_VALUES = ("yes", "no", "abstain", "not_voted", "absent", "conflict")
VOTE_LABELS = {
    "yes": _("council_vote_yes", default="for"),
    "no": _("council_vote_no", default="against"),
    "abstain": _("council_vote_abstain", default="abstained"),
    "not_voted": _("council_vote_not_voted", default="did not vote"),
    "absent": _("council_vote_absent", default="absent"),
    "conflict": _("council_vote_conflict", default="conflict of interest"),
}

MODE_LABELS = {
    "named": _("council_mode_named", default="electronic named vote"),
    "roll_call": _("council_mode_roll_call", default="roll call"),
    "show_of_hands": _("council_mode_show_of_hands", default="open vote by show of hands"),
    "secret": _("council_mode_secret", default="secret ballot"),
    "in_person": _("council_session_in_person", default="in person"),
    "remote": _("council_session_remote", default="remote, by video conference (чл. 28а ЗМСМА)"),
    "remote_written": _(
        "council_session_remote_written", default="remote, by written ballot (чл. 28а ал. 3 ЗМСМА)"
    ),
    "regular": _("council_session_regular", default="regular"),
    "extraordinary": _("council_session_extraordinary", default="extraordinary"),
    "constituent": _("council_session_constituent", default="constituent"),
}

POLL_COLUMNS = (
    "council",
    "term",
    "session",
    "session_date",
    "item",
    "item_title",
    "legal_basis",
    "poll",
    "poll_title",
    "mode",
    "seats",
    "present",
    "eligible",
    "yes",
    "no",
    "abstain",
    "not_voted",
    "option_totals",
    "base",
    "required",
    "result",
    "citation",
    "decision_number",
)
VOTE_COLUMNS = (
    "council",
    "term",
    "session",
    "session_date",
    "item",
    "item_title",
    "poll",
    "poll_title",
    "mode",
    "councillor_id",
    "councillor_name",
    "group",
    "vote",
    "vote_label",
)


def default_translate(msgid, default, mapping=None):
    """No catalogue: the English default with its mapping filled in."""
    return string.Template(default).safe_substitute(mapping or {})


def _moment(value):
    if value is None or isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.fromisoformat(value)


def _day(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


class _Record:
    """from_dict for the dataclasses below: nested lists and dates from JSON."""

    _nested: dict = {}
    _moments: tuple = ()
    _tuples: tuple = ()

    @classmethod
    def from_dict(cls, data):
        known = {f.name for f in fields(cls)}
        values = {}
        for name, value in data.items():
            if name not in known:
                continue
            if name in cls._nested:
                value = [cls._nested[name].from_dict(v) for v in value or ()]
            elif name in cls._moments:
                value = _moment(value)
            elif name in cls._tuples and value is not None:
                value = tuple(value)
            values[name] = value
        return cls(**values)

    def to_dict(self):
        return json.loads(json.dumps(asdict(self), default=_json_default))


@dataclass
class Councillor(_Record):
    id: str
    name: str
    group: str = ""  # political group (група общински съветници)


@dataclass
class AttendanceEvent(_Record):
    councillor: str
    kind: str  # "arrived" | "left"
    time: datetime.datetime
    _moments = ("time",)


@dataclass
class QuorumCheck(_Record):
    time: datetime.datetime
    present: int
    seats: int
    met: bool
    _moments = ("time",)


@dataclass
class ConflictDeclaration(_Record):
    councillor: str
    time: datetime.datetime
    text: str
    _moments = ("time",)


@dataclass
class CommitteeOpinion(_Record):
    committee: str
    text: str


@dataclass
class Poll(_Record):
    """One vote. `present`: ids present when it opened; `eligible`: present less conflicts
    (None = all present); `votes`: id → yes/no/abstain (named, roll call); `totals`: option →
    count (show of hands, secret; derived from `votes` when empty); `options`: candidates of a
    secret election (councillor ids or names); `outcome`: majority.Outcome.to_dict();
    `elected`: the option elected, if an election."""

    id: str
    title: str
    mode: str
    present: tuple = ()
    eligible: tuple | None = None
    votes: dict = field(default_factory=dict)
    totals: dict = field(default_factory=dict)
    options: tuple = ()
    opened: datetime.datetime | None = None
    closed: datetime.datetime | None = None
    outcome: dict | None = None
    elected: str = ""
    _moments = ("opened", "closed")
    _tuples = ("present", "eligible", "options")

    def __post_init__(self):
        if self.mode not in MODES:
            raise ValueError(f"Unknown poll mode {self.mode!r}")
        if self.mode not in PERSONAL_MODES and self.votes:
            raise ValueError(f"A {self.mode} poll has totals only, no per-councillor votes")

    @property
    def named(self):
        return self.mode in PERSONAL_MODES

    @property
    def election(self):
        """A secret ballot between candidates (not a yes/no question)."""
        return self.mode == SECRET and bool(set(self.options) - set(CHOICES))

    def vote_of(self, councillor):
        """One of VOTE_VALUES for a named poll."""
        if councillor in self.votes:
            return self.votes[councillor]
        if councillor not in self.present:
            return "absent"
        if self.eligible is not None and councillor not in self.eligible:
            return "conflict"
        return "not_voted"

    def counts(self):
        if self.totals:
            return dict(self.totals)
        counts = dict.fromkeys(CHOICES, 0)
        for choice in self.votes.values():
            counts[choice] += 1
        return counts


@dataclass
class AgendaItem(_Record):
    number: str
    title: str
    rapporteur: str = ""
    legal_basis: str = ""
    opinions: list = field(default_factory=list)  # CommitteeOpinion
    conflicts: list = field(default_factory=list)  # ConflictDeclaration
    polls: list = field(default_factory=list)  # Poll
    decision_number: str = ""
    decision_text: str = ""
    _nested = {"opinions": CommitteeOpinion, "conflicts": ConflictDeclaration, "polls": Poll}


@dataclass
class Session(_Record):
    """A session: `kind` regular | extraordinary | constituent; `mode` in_person | remote |
    remote_written (чл. 28а, with `remote_basis`: the order, its number and date)."""

    council: str
    number: str
    date: datetime.date  # the day it was held: opened, else the day convened for
    seats: int
    councillors: list = field(default_factory=list)  # Councillor, in the order of the roll
    term: str = ""
    kind: str = "regular"
    place: str = ""
    mode: str = "in_person"
    remote_basis: str = ""
    chair: str = ""
    recorder: str = ""
    opened: datetime.datetime | None = None
    closed: datetime.datetime | None = None
    present_at_opening: tuple = ()
    attendance: list = field(default_factory=list)  # AttendanceEvent
    quorum_checks: list = field(default_factory=list)  # QuorumCheck
    items: list = field(default_factory=list)  # AgendaItem
    recording_url: str = ""
    convened_date: datetime.date | None = None  # the day it was convened for
    opening_reason: str = ""  # why it opened on another day than convened
    _nested = {
        "councillors": Councillor,
        "attendance": AttendanceEvent,
        "quorum_checks": QuorumCheck,
        "items": AgendaItem,
    }
    _moments = ("opened", "closed")
    _tuples = ("present_at_opening",)

    def __post_init__(self):
        self.date = _day(self.date)
        self.convened_date = _day(self.convened_date)

    def name_of(self, councillor):
        for person in self.councillors:
            if person.id == councillor:
                return person.name
        return councillor


def _json_default(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    raise TypeError(f"Not serialisable: {value!r}")


def _result(poll):
    if poll.election:
        return "elected" if poll.elected else "not_elected"
    if poll.outcome:
        return "adopted" if poll.outcome.get("adopted") else "rejected"
    return ""


def _context(session, item, poll):
    return {
        "council": session.council,
        "term": session.term,
        "session": session.number,
        "session_date": session.date.isoformat(),
        "item": item.number,
        "item_title": item.title,
        "poll": poll.id,
        "poll_title": poll.title,
        "mode": poll.mode,
    }


def poll_rows(session):
    """One row per poll (POLL_COLUMNS)."""
    rows = []
    for item in session.items:
        for poll in item.polls:
            counts, outcome = poll.counts(), poll.outcome or {}
            eligible = len(poll.eligible if poll.eligible is not None else poll.present)
            voted = sum(counts.values())
            election = poll.election
            rows.append(
                _context(session, item, poll)
                | {
                    "legal_basis": item.legal_basis,
                    "seats": session.seats,
                    "present": len(poll.present),
                    "eligible": eligible,
                    "yes": "" if election else counts.get("yes", 0),
                    "no": "" if election else counts.get("no", 0),
                    "abstain": "" if election else counts.get("abstain", 0),
                    "not_voted": max(eligible - voted, 0),
                    "option_totals": json.dumps(counts, ensure_ascii=False) if election else "",
                    "base": outcome.get("base", ""),
                    "required": outcome.get("required", ""),
                    "result": _result(poll),
                    "citation": outcome.get("citation", ""),
                    "decision_number": item.decision_number,
                }
            )
    return rows


def vote_rows(session, translate=default_translate):
    """One row per councillor per named or roll-call poll (VOTE_COLUMNS), absences included."""
    rows = []
    for item in session.items:
        for poll in item.polls:
            if not poll.named:
                continue
            for person in session.councillors:
                value = poll.vote_of(person.id)
                rows.append(
                    _context(session, item, poll)
                    | {
                        "councillor_id": person.id,
                        "councillor_name": person.name,
                        "group": person.group,
                        "vote": value,
                        "vote_label": translate(*VOTE_LABELS[value]),
                    }
                )
    return rows


def explanation_text(outcome, translate=default_translate):
    """The translated explanation stored with a poll's outcome ("" without one)."""
    explanation = (outcome or {}).get("explanation")
    if not explanation:
        return ""
    return translate(explanation["msgid"], explanation["default"], explanation["mapping"])


def session_json(session, translate=default_translate):
    """The session's open data: polls with totals and, for named polls, every councillor."""
    polls = []
    rows = iter(poll_rows(session))
    for item in session.items:
        for poll in item.polls:
            row = next(rows)
            record = {
                key: row[key]
                for key in POLL_COLUMNS
                if key
                not in (
                    "council",
                    "term",
                    "session",
                    "session_date",
                    "yes",
                    "no",
                    "abstain",
                    "option_totals",
                )
            }
            record["counts"] = poll.counts()
            record["explanation"] = explanation_text(poll.outcome, translate)
            record["elected"] = session.name_of(poll.elected) if poll.elected else ""
            if poll.named:
                record["votes"] = [
                    {"councillor_id": p.id, "vote": poll.vote_of(p.id)} for p in session.councillors
                ]
            polls.append(record)
    return {
        "council": session.council,
        "term": session.term,
        "session": session.number,
        "kind": session.kind,
        "date": session.date.isoformat(),
        "place": session.place,
        "mode": session.mode,
        "seats": session.seats,
        "chair": session.chair,
        "recording_url": session.recording_url,
        "opened": session.opened.isoformat() if session.opened else None,
        "convened_date": session.convened_date.isoformat() if session.convened_date else None,
        "opening_reason": session.opening_reason,
        "councillors": [person.to_dict() for person in session.councillors],
        "present_at_opening": list(session.present_at_opening),
        "decisions": [
            {
                "item": item.number,
                "title": item.title,
                "decision_number": item.decision_number,
                "legal_basis": item.legal_basis,
            }
            for item in session.items
            if item.decision_number
        ],
        "polls": polls,
    }


def term_json(sessions, translate=default_translate):
    """Per councillor across the term: every named vote and a summary by vote value."""
    people, votes = {}, {}
    for session in sorted(sessions, key=lambda s: s.date):
        for person in session.councillors:
            people.setdefault(person.id, person)
            votes.setdefault(person.id, [])
        for row in vote_rows(session, translate):
            votes[row["councillor_id"]].append(
                {
                    key: row[key]
                    for key in (
                        "session",
                        "session_date",
                        "item",
                        "item_title",
                        "poll",
                        "poll_title",
                        "mode",
                        "vote",
                    )
                }
            )
    return {
        "councillors": [
            person.to_dict()
            | {
                "summary": {
                    value: sum(1 for v in votes[person.id] if v["vote"] == value)
                    for value in VOTE_VALUES
                },
                "votes": votes[person.id],
            }
            for person in people.values()
        ]
    }


def to_csv(rows, columns):
    """UTF-8 with BOM, header row, one line per row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def polls_csv(session):
    return to_csv(poll_rows(session), POLL_COLUMNS)


def votes_csv(session, translate=default_translate):
    return to_csv(vote_rows(session, translate), VOTE_COLUMNS)


def term_votes_csv(sessions, translate=default_translate, councillor=None):
    """Every named vote of the term by councillor (all, or one councillor's)."""
    rows = [
        row
        for session in sorted(sessions, key=lambda s: s.date)
        for row in vote_rows(session, translate)
        if councillor is None or row["councillor_id"] == councillor
    ]
    rows.sort(key=lambda row: row["councillor_id"])  # stable: keeps the date order
    return to_csv(rows, VOTE_COLUMNS)


def to_json(data):
    return json.dumps(data, ensure_ascii=False, indent=1, default=_json_default)
