"""The outcome of a closed poll from its counts (no Zope imports; table-tested).

Who counts as "present" for the majority (ЗМСМА чл. 27 ал. 3, "more than half of those
present"): the councillors present when the poll opened, less those who declared a conflict
of interest on the item. A councillor with a private interest may not take part in the vote
(ЗПКОНПИ), so he is not one of those deciding and his silence does not count against the
decision; the other reading (counting him present, so he weighs as a "no") would let a
declared interest defeat a decision. Under the bases of all seats the question does not arise.

A written ballot (неприсъствено гласуване, чл. 28а ал. 3) has no hall to be present in: the
quorum is counted on the ballots returned, and those who returned one are "present".
"""

from ratusha.core.msgids import _
from ratusha.council import majority
from ratusha.council.ballots import ABSTAIN
from ratusha.council.ballots import NO
from ratusha.council.ballots import YES
from ratusha.council.quorum import required as quorum_required


ELECTED = _(
    "council_election_elected",
    default="elected: ${name} with ${yes} votes, of required ${required}, ${citation}",
)
NOT_ELECTED = _(
    "council_election_not_elected",
    default="nobody elected: the most votes were ${yes}, of required ${required} "
    "(or a tie), ${citation}",
)
NO_QUORUM = _(
    "council_written_no_quorum",
    default="not adopted: ${present} written ballots returned, a quorum needs ${required}",
)


def _outcome(rule, seats, present, yes, no, abstain, adopted, required, explanation, mapping):
    return majority.Outcome(
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
        explanation + (mapping,),
    )


def _split(counts, election):
    """(yes, no, abstain): for an election the leader's votes against all the others."""
    if election:
        top = max(counts.values(), default=0)
        return top, sum(counts.values()) - top, 0
    return counts.get(YES, 0), counts.get(NO, 0), counts.get(ABSTAIN, 0)


def election_outcome(rule, seats, present, counts, names=None):
    """(Outcome, elected option or None) of a secret election between candidates."""
    names = names or {}
    elected = majority.evaluate_election(seats, counts, rule.base, present)
    required = majority.required_votes(rule.base, seats, present)
    top, others, _none = _split(counts, True)
    mapping = {
        "name": names.get(elected, elected) if elected else "",
        "yes": top,
        "required": required,
        "present": present,
        "seats": seats,
        "citation": rule.citation,
    }
    text = ELECTED if elected else NOT_ELECTED
    return _outcome(
        rule, seats, present, top, others, 0, elected is not None, required, text, mapping
    ), elected


def poll_outcome(rule, seats, present, counts, election=False, written=False, names=None):
    """(Outcome, elected) for a poll with `present` councillors deciding and option `counts`.

    `written`: `present` is the number of ballots returned; below the quorum nothing is
    adopted whatever the ballots say.
    """
    if written:
        need = quorum_required(seats)
        if present < need:
            yes, no, abstain = _split(counts, election)
            mapping = {
                "present": present,
                "required": need,
                "seats": seats,
                "citation": rule.citation,
            }
            return _outcome(
                rule, seats, present, yes, no, abstain, False, need, NO_QUORUM, mapping
            ), None
    if election:
        return election_outcome(rule, seats, present, counts, names)
    outcome = majority.evaluate(
        rule, seats, present, counts.get(YES, 0), counts.get(NO, 0), counts.get(ABSTAIN, 0)
    )
    return outcome, None
