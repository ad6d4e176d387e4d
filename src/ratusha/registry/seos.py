"""Workflow states as СЕОС document status codes (plain Python, no Zope imports).

СЕОС (the government's system for exchanging electronic messages) reports a document's status
with the codes of EGovMessaging.xsd. Every state of the registry workflows maps to exactly one
of them, so an exchange adapter can answer MSG_DocumentStatusRequest without further rules.
"""

WAIT_REGISTRATION = "DS_WAIT_REGISTRATION"
REGISTERED = "DS_REGISTERED"
REJECTED = "DS_REJECTED"
STOPPED = "DS_STOPPED"
CLOSED = "DS_CLOSED"

CODES = (WAIT_REGISTRATION, REGISTERED, REJECTED, STOPPED, CLOSED)

STATE_CODES = {
    # incoming documents
    "received": WAIT_REGISTRATION,
    "registered": REGISTERED,
    "assigned": REGISTERED,
    "in_progress": REGISTERED,
    "answered": CLOSED,
    "closed": CLOSED,
    "returned": REJECTED,
    "left_without_consideration": STOPPED,
    "cancelled": STOPPED,
    # outgoing and internal documents
    "draft": WAIT_REGISTRATION,
    "in_approval": WAIT_REGISTRATION,
    "approved": WAIT_REGISTRATION,
    "signed": WAIT_REGISTRATION,
    "dispatched": REGISTERED,
    "archived": CLOSED,
}


def status_code(state: str) -> str:
    """The СЕОС code of a workflow state; KeyError for a state the registry does not know."""
    return STATE_CODES[state]
