"""Numbered decisions: Решение № N within the council's term, assigned once, never reused.

The counter of a term lives on the council (an annotation) as a plain persistent mapping with
no conflict resolution: two adoptions committed at the same moment both write it, so ZODB
raises a ConflictError for the second, Zope retries that request, and the retry reads the
first one's number and takes the next. A number is kept with the item it went to (`issued`),
so it cannot be handed out twice even if the counter were ever set back.
"""

from BTrees.OOBTree import OOBTree
from persistent import Persistent
from persistent.mapping import PersistentMapping
from plone.uuid.interfaces import IUUID
from ratusha.audit.interfaces import record
from ratusha.council.councils import council_of
from ratusha.council.voting import polls
from ratusha.council.voting.polls import current_text


KEY = "ratusha.council.voting.decisions"


class DecisionBook(Persistent):
    def __init__(self):
        self.last = PersistentMapping()  # term → the last number given
        self.issued = OOBTree()  # (term, number) → item UID


def book_of(council, create=False):
    return polls.stored(council, KEY, DecisionBook, create)


def term_of(council) -> str:
    return (getattr(council, "term", "") or "").strip()


def next_number(council, item_uid) -> int:
    book = book_of(council, create=True)
    term = term_of(council)
    number = book.last.get(term, 0) + 1
    while (term, number) in book.issued:
        number += 1
    book.last[term] = number
    book.issued[(term, number)] = item_uid
    return number


def number_decision(item, poll, actor) -> dict:
    """Give the adopted item its decision number and freeze its final text (once)."""
    voting = polls.voting_of(item, create=True)
    if voting.decision:
        return voting.decision
    council = council_of(item)
    number = next_number(council, IUUID(item))
    voting.decision = {
        "number": number,
        "term": term_of(council),
        "poll": poll.id,
        "at": polls.now().isoformat(),
        "by": actor,
        "text": current_text(item),
    }
    record(
        "council.decision-numbered",
        item,
        details={"number": number, "term": term_of(council), "poll": poll.id},
    )
    return voting.decision


def decision_of(item):
    """The decision record (number, term, poll, at, by, text) or None."""
    voting = polls.voting_of(item)
    return dict(voting.decision) if voting is not None and voting.decision else None
