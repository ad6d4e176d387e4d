"""Which majority a council decision needs, derived from its legal basis (no Zope imports).

The law, not the chair, decides the majority: ЗМСМА чл. 27 ал. 3 (more than half of those
present, open vote), ал. 4–5 (more than half of all seats, named vote, for чл. 21 ал. 1 т. 6 and
т. 8), ЗОС чл. 6 ал. 3 (two thirds of all seats) and чл. 24 (the chair: secret ballot, more than
half of all seats). The table is data with effective dates so council staff can edit it (stored
as JSON, see `rules_to_json`) when the law or the council's rulebook changes.

Abstentions never count as "for": every base counts only the "yes" votes against a threshold.
Explanations are returned as (msgid, English default, mapping) so a Zope view can translate them.
"""

from dataclasses import dataclass
from dataclasses import field
import datetime
import json
import math
from ratusha.core import dates
from ratusha.core.msgids import _
from ratusha.council.legalbasis import LegalBasis
from ratusha.council.legalbasis import parse
import string


SIMPLE, ALL, TWO_THIRDS_ALL = "simple", "all", "two_thirds_all"
BASES = (SIMPLE, ALL, TWO_THIRDS_ALL)  # from the mildest to the strictest
# Before any law the defaults cite: the defaults apply on every date a session can have.
ALWAYS = datetime.date(1990, 1, 1)


class MajorityError(ValueError):
    """Impossible input: more votes than councillors present, more present than seats, ..."""


@dataclass(frozen=True)
class Rule:
    """One row of the table: a legal basis (None = the default rule) and what it requires."""

    basis: LegalBasis | None
    base: str = SIMPLE
    named_vote_required: bool = False
    secret: bool = False
    citation: str = ""
    valid_from: datetime.date = ALWAYS
    valid_to: datetime.date | None = None

    def __post_init__(self):
        if isinstance(self.basis, str):
            object.__setattr__(self, "basis", parse(self.basis))
        if self.base not in BASES:
            raise MajorityError(f"Unknown majority base {self.base!r} (one of {BASES})")
        if self.secret and self.named_vote_required:
            raise MajorityError("A vote cannot be both secret and named")
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise MajorityError("valid_to is before valid_from")

    def valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def to_dict(self) -> dict:
        return {
            "basis": self.basis.format() if self.basis else None,
            "base": self.base,
            "named_vote_required": self.named_vote_required,
            "secret": self.secret,
            "citation": self.citation,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Rule":
        basis = data.get("basis")
        if isinstance(basis, dict):
            basis = LegalBasis.from_dict(basis)
        try:
            valid_from = datetime.date.fromisoformat(data.get("valid_from") or ALWAYS.isoformat())
            valid_to = data.get("valid_to")
            valid_to = datetime.date.fromisoformat(valid_to) if valid_to else None
        except (TypeError, ValueError) as error:
            raise MajorityError(f"Bad date in rule {data!r}: {error}") from None
        return cls(
            basis or None,
            data.get("base") or SIMPLE,
            bool(data.get("named_vote_required")),
            bool(data.get("secret")),
            data.get("citation") or "",
            valid_from,
            valid_to,
        )


DEFAULT_RULE = Rule(None, SIMPLE, citation="чл. 27 ал. 3 ЗМСМА")

DEFAULT_RULES = (
    DEFAULT_RULE,
    # Budget and municipal property: more than half of all seats, by name (ЗМСМА чл. 27 ал. 4–5).
    Rule(parse("ЗМСМА чл. 21 ал. 1 т. 6"), ALL, True, citation="чл. 27 ал. 4 и ал. 5 ЗМСМА"),
    Rule(parse("ЗМСМА чл. 21 ал. 1 т. 8"), ALL, True, citation="чл. 27 ал. 4 и ал. 5 ЗМСМА"),
    # Public property turned private: two thirds of all; ал. 2: more than half of all (ЗОС чл. 6
    # ал. 3).
    Rule(parse("ЗОС чл. 6 ал. 1"), TWO_THIRDS_ALL, citation="чл. 6 ал. 3 ЗОС"),
    Rule(parse("ЗОС чл. 6 ал. 2"), ALL, citation="чл. 6 ал. 3 ЗОС"),
    # Election of the council's chair: secret ballot, more than half of all seats.
    Rule(parse("ЗМСМА чл. 24"), ALL, secret=True, citation="чл. 24 ЗМСМА"),
)


def rules_to_json(rules) -> str:
    return json.dumps([rule.to_dict() for rule in rules], ensure_ascii=False, indent=1)


def rules_from_json(text: str) -> tuple:
    """The staff-edited table; MajorityError names the first bad row."""
    try:
        rows = json.loads(text)
    except ValueError as error:
        raise MajorityError(f"The rule table is not JSON: {error}") from None
    if not isinstance(rows, list):
        raise MajorityError("The rule table must be a list of rules")
    rules = []
    for number, row in enumerate(rows, 1):
        try:
            rules.append(Rule.from_dict(row))
        except (ValueError, TypeError, AttributeError) as error:
            raise MajorityError(f"Rule {number}: {error}") from None
    return tuple(rules)


def rule_for(basis, rules=DEFAULT_RULES, on_date: datetime.date | None = None) -> Rule:
    """The most specific rule valid on `on_date` whose basis covers `basis`.

    `basis` is a LegalBasis, its text or None. Among equally specific rules the one that came
    into force last wins (an amendment). With no matching row, not even a default, the
    statutory default (simple majority of those present) applies.
    """
    if isinstance(basis, str):
        basis = parse(basis)
    on_date = on_date or dates.today()
    candidates = [
        rule
        for rule in rules
        if rule.valid_on(on_date) and (rule.basis is None or (basis and rule.basis.covers(basis)))
    ]
    if not candidates:
        return DEFAULT_RULE

    def rank(rule):
        if rule.basis is None:
            return (0, 0, rule.valid_from)
        return (1, rule.basis.specificity(), rule.valid_from)

    return max(candidates, key=rank)


def strictest(rules) -> Rule:
    """One rule for an item citing several bases: the strictest base, named or secret if any."""
    rules = list(rules)
    if not rules:
        return DEFAULT_RULE
    strongest = max(rules, key=lambda rule: BASES.index(rule.base))
    named = any(rule.named_vote_required for rule in rules)
    secret = any(rule.secret for rule in rules)
    citations = []
    for rule in rules:
        if rule.citation and rule.citation not in citations:
            citations.append(rule.citation)
    return Rule(
        strongest.basis,
        strongest.base,
        named,
        secret,
        ", ".join(citations),
        max(rule.valid_from for rule in rules),
    )


def rule_for_bases(bases, rules=DEFAULT_RULES, on_date=None) -> Rule:
    """The rule for an item with several legal bases (ЗМСМА чл. 21 ал. 1 т. 8 and ЗОС чл. 6)."""
    return strictest(rule_for(basis, rules, on_date) for basis in bases or [None])


def allowed_modes(rule: Rule) -> tuple:
    """The poll modes (see ballots.MODES) the law allows under `rule`: a secret ballot only
    where the law orders one, a named vote where it is mandatory (чл. 27 ал. 5), otherwise any
    open vote (чл. 27 ал. 3)."""
    if rule.secret:
        return ("secret",)
    if rule.named_vote_required:
        return ("named", "roll_call")
    return ("named", "roll_call", "show_of_hands")


def _check_counts(seats: int, present: int, votes=()):
    if seats < 1:
        raise MajorityError(f"A council has at least one seat, not {seats}")
    if not 0 <= present <= seats:
        raise MajorityError(f"{present} present is impossible with {seats} seats")
    if any(count < 0 for count in votes):
        raise MajorityError("Vote counts cannot be negative")
    if sum(votes) > present:
        raise MajorityError(f"{sum(votes)} votes from {present} councillors present")


def required_votes(base: str, seats: int, present: int) -> int:
    """The smallest number of "yes" votes that adopts a decision."""
    _check_counts(seats, present)
    if base == SIMPLE:
        return present // 2 + 1
    if base == ALL:
        return seats // 2 + 1
    if base == TWO_THIRDS_ALL:
        return math.ceil(2 * seats / 3)
    raise MajorityError(f"Unknown majority base {base!r}")


EXPLANATIONS = {  # (adopted, base) → (msgid, default)
    (True, SIMPLE): _(
        "council_majority_adopted_simple",
        default="adopted: ${yes} for, of "
        "required ${required} = more than half of ${present} councillors present, "
        "${citation}",
    ),
    (False, SIMPLE): _(
        "council_majority_rejected_simple",
        default="rejected: ${yes} for, of "
        "required ${required} = more than half of ${present} councillors present, "
        "${citation}",
    ),
    (True, ALL): _(
        "council_majority_adopted_all",
        default="adopted: ${yes} for, of required "
        "${required} = more than half of ${seats} councillors, ${citation}",
    ),
    (False, ALL): _(
        "council_majority_rejected_all",
        default="rejected: ${yes} for, of required "
        "${required} = more than half of ${seats} councillors, ${citation}",
    ),
    (True, TWO_THIRDS_ALL): _(
        "council_majority_adopted_two_thirds_all",
        default="adopted: "
        "${yes} for, of required ${required} = at least two thirds of "
        "${seats} councillors, ${citation}",
    ),
    (False, TWO_THIRDS_ALL): _(
        "council_majority_rejected_two_thirds_all",
        default="rejected: "
        "${yes} for, of required ${required} = at least two thirds of "
        "${seats} councillors, ${citation}",
    ),
}


@dataclass(frozen=True)
class Outcome:
    """The computed result of one vote, stored with the poll."""

    adopted: bool
    required: int
    yes: int
    no: int
    abstain: int
    not_voted: int
    present: int
    seats: int
    base: str
    citation: str
    explanation: tuple = field(default=())

    def to_dict(self) -> dict:
        msgid, default, mapping = self.explanation
        return {
            "adopted": self.adopted,
            "required": self.required,
            "yes": self.yes,
            "no": self.no,
            "abstain": self.abstain,
            "not_voted": self.not_voted,
            "present": self.present,
            "seats": self.seats,
            "base": self.base,
            "citation": self.citation,
            "explanation": {"msgid": msgid, "default": default, "mapping": dict(mapping)},
        }


def evaluate(
    rule: Rule, seats: int, present: int, yes: int, no: int = 0, abstain: int = 0
) -> Outcome:
    """Adopted when "yes" reaches the rule's threshold; abstentions and silence count against."""
    _check_counts(seats, present, (yes, no, abstain))
    required = required_votes(rule.base, seats, present)
    adopted = yes >= required
    mapping = {
        "yes": yes,
        "no": no,
        "abstain": abstain,
        "required": required,
        "present": present,
        "seats": seats,
        "citation": rule.citation,
    }
    explanation = EXPLANATIONS[adopted, rule.base] + (mapping,)
    return Outcome(
        adopted,
        required,
        yes,
        no,
        abstain,
        present - yes - no - abstain,
        present,
        seats,
        rule.base,
        rule.citation,
        explanation,
    )


def evaluate_election(
    seats: int, votes_by_candidate: dict, base: str = ALL, present: int | None = None
):
    """The candidate elected by more than half of all seats (чл. 24), or None.

    A tie at the top elects nobody (the council then repeats the vote); with a base of more
    than half two candidates cannot both reach it, the check guards staff-edited bases.
    """
    present = seats if present is None else present
    _check_counts(seats, present, tuple(votes_by_candidate.values()))
    if not votes_by_candidate:
        return None
    required = required_votes(base, seats, present)
    ranked = sorted(votes_by_candidate.items(), key=lambda pair: pair[1], reverse=True)
    best, count = ranked[0]
    if count < required or (len(ranked) > 1 and ranked[1][1] == count):
        return None
    return best


def explain(explanation) -> str:
    """The English (or already translated) text with its mapping filled in."""
    _msgid, default, mapping = explanation
    return string.Template(default).safe_substitute(mapping)
