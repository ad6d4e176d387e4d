"""Editing the council's composition while one of its sessions sits: the one refusal that the
edit form (the schema's invariant) and PATCH on the council (CouncilPatch) both give."""

from ratusha import _
from ratusha.council.composition import edits_of_frozen
from ratusha.council.councils import frozen_composition
from ratusha.council.councils import open_sessions
from zope.i18nmessageid import Message


MESSAGE = _(
    "error_composition_frozen",
    default="Session «${session}» is in progress: the number of seats and the "
    "councillors stay as they were at its opening. Change them after it closes; "
    "the change takes effect from the next session.",
)


def refusal(council, seats, named):
    """A translatable refusal when (seats, named councillors) would change the composition
    of a session in progress; None when the edit may go on."""
    for session in open_sessions(council):
        frozen = frozen_composition(session)
        if frozen is not None and edits_of_frozen(frozen, seats, named):
            return Message(MESSAGE, mapping={"session": session.Title()})
    return None
