"""Count refused logins per account and per address; lock and unlock, on the audit trail."""

from ratusha.access import attempts
from ratusha.access.interfaces import ILoginLocks
from ratusha.access.settings import policy
from ratusha.audit.interfaces import record
from ratusha.audit.interfaces import request_fields
import time
from zope.interface import implementer


def login_failed(event):
    if event.reason == "locked":
        return  # refusals during a lock do not extend it
    rules = policy()
    now = time.time()
    address = request_fields(event.request)["client_ip"]
    for key, limit in (
        (attempts.account_key(event.login), rules.max_failures),
        (attempts.address_key(address), rules.max_failures_per_address),
    ):
        counter, newly_locked = attempts.fail(key, limit, rules, now)
        if newly_locked:
            record(
                "auth.lockout",
                outcome="denied",
                request=event.request,
                login=event.login,
                details={
                    "key": key,
                    "failures": counter.failures,
                    "until": int(counter.locked_until),
                },
                immediate=True,
            )


def logged_in(event):
    attempts.clear(attempts.account_key(event.principal.getUserName()))


def unlock(key: str) -> bool:
    if attempts.clear(key):
        record("auth.unlock", details={"key": key})
        return True
    return False


@implementer(ILoginLocks)
class LoginLocks:
    def locked(self, login, request):
        address = request_fields(request)["client_ip"] if request is not None else None
        keys = [attempts.account_key(login)]
        if address:
            keys.append(attempts.address_key(address))
        return attempts.any_locked(keys)
