"""Contracts of the audit trail."""

from zope.component import getUtility
from zope.interface import Interface


class IPersonalData(Interface):
    """Marker: this content holds citizens' personal data; every read of it is recorded.

    Given by the `ratusha.personal_data` behavior; documents of citizens carry it by default.
    """


class IAuditTrail(Interface):
    """The audit trail as the other capabilities use it (the utility is `ratusha.audit.recorder`).

    Acts are buffered on the Zope transaction and written when it commits; `immediate=True`
    writes refusals and failures whose transactions abort.
    """

    def record(
        action,
        obj=None,
        outcome="success",
        details=None,
        request=None,
        login=None,
        path=None,
        immediate=False,
    ):
        """Record an act. `details` is JSON-safe and never holds secrets or personal data."""

    def request_fields(request):
        """The request's fields of a record: instance, request id, client address, agent, auth."""

    def request_id(request):
        """The id that ties together the records of one request (made on first use)."""

    def find_records(action=None, outcome=None, since=None, before=None, limit=500):
        """Records newest first as dicts (`details` the stored JSON text), for a capability's
        own rules, not a person's search (that is audit.query, itself recorded): `action`
        ending in "." is a prefix, `since` a UTC timestamp, `before` the seq to page below."""


def record(
    action,
    obj=None,
    outcome="success",
    details=None,
    request=None,
    login=None,
    path=None,
    immediate=False,
):
    """Record an act on the registered audit trail (see IAuditTrail.record)."""
    getUtility(IAuditTrail).record(action, obj, outcome, details, request, login, path, immediate)


def request_fields(request) -> dict:
    return getUtility(IAuditTrail).request_fields(request)


def request_id(request) -> str | None:
    return getUtility(IAuditTrail).request_id(request)


def find_records(action=None, outcome=None, since=None, before=None, limit=500) -> list:
    return getUtility(IAuditTrail).find_records(action, outcome, since, before, limit)


class IAuditChecks(Interface):
    """What watchers of the trail ask (the utility is `ratusha.audit.checks`): whether the
    chain is whole, without reaching into the store."""

    def verify_chain():
        """{"ok": bool, "checked": int, "problems": [{"seq", "kind", "reason"}]}: the whole walk."""


def verify_chain() -> dict:
    return getUtility(IAuditChecks).verify_chain()
