"""IAuditChecks: the chain's verdict, for watchers (the incident register's clock)."""

from ratusha.audit.interfaces import IAuditChecks
from ratusha.audit.recorder import get_store
from zope.interface import moduleProvides


moduleProvides(IAuditChecks)  # registered as the IAuditChecks utility in configure.zcml


def verify_chain() -> dict:
    verdict = get_store().verify()
    return {
        "ok": verdict.ok,
        "checked": verdict.checked,
        "problems": [{"seq": p.seq, "kind": p.kind, "reason": p.reason} for p in verdict.problems],
    }
