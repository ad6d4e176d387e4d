"""record(): put an act on the audit trail; other capabilities reach it through IAuditTrail.

Acts are buffered on the Zope transaction and written only when it commits (a ConflictError
retry starts a new transaction and a new buffer, so nothing is written twice). Refusals and
failures, whose transactions abort, are written at once with `immediate=True`.
"""

from AccessControl import getSecurityManager
import logging
from plone.uuid.interfaces import IUUID
from ratusha.audit import canonical
from ratusha.audit import config
from ratusha.audit.clientaddr import client_address
from ratusha.audit.interfaces import IAuditTrail
from ratusha.audit.store import AuditStore
from ratusha.core.login import authorization_header
from ratusha.core.proxies import trusted_proxies
import threading
import transaction
import uuid
from zope.globalrequest import getRequest
from zope.interface import moduleProvides


moduleProvides(IAuditTrail)  # registered as the IAuditTrail utility in configure.zcml
logger = logging.getLogger("ratusha.audit")

REQUEST_ID = "ratusha.request_id"
_BUFFER = object()  # key of the per-transaction buffer
_stores = {}
_stores_lock = threading.Lock()


def get_store() -> AuditStore:
    url, key = config.database_url(), config.load_key()
    with _stores_lock:
        store = _stores.get(url)
        if store is None or store.key != key:
            store = _stores[url] = AuditStore(url, key)
        return store


def request_id(request) -> str | None:
    if request is None:
        return None
    value = request.environ.get(REQUEST_ID)
    if value is None:
        value = request.environ[REQUEST_ID] = uuid.uuid4().hex
    return value


def find_records(action=None, outcome=None, since=None, before=None, limit=500) -> list:
    return get_store().search(
        action=action, outcome=outcome, since=since, before=before, limit=limit
    )


def auth_method(request) -> str:
    header = authorization_header(request).split(" ", 1)[0].lower()
    if header == "basic":
        return "basic"
    if header == "bearer":
        return "jwt"
    if request.cookies.get("auth_token"):
        return "jwt-cookie"
    if request.cookies.get("__ac"):
        return "session"
    return "none"


def request_fields(request) -> dict:
    if request is None:
        return {"instance": config.instance_name(), "auth_method": "system"}
    return {
        "instance": config.instance_name(),
        "request_id": request_id(request),
        "client_ip": client_address(
            request.environ.get("REMOTE_ADDR", ""),
            request.get_header("X-Forwarded-For") or "",
            trusted_proxies(),
        ),
        "user_agent": (request.get_header("User-Agent") or "")[:512],
        "auth_method": auth_method(request),
    }


def actor_fields(login=None, request=None) -> dict:
    # the security manager, not plone.api: acts happen before a site exists (site creation)
    user = getSecurityManager().getUser()
    if user is None or user.getUserName() == "Anonymous User":
        # refused before Zope took the user on: core.login names who it was
        known = request.environ.get("ratusha.actor") if request is not None else None
        if known:
            return {"actor_id": known[0], "actor_login": known[1]}
        return {"actor_id": None, "actor_login": login}
    return {"actor_id": user.getId(), "actor_login": login or user.getUserName()}


def object_fields(obj) -> dict:
    if obj is None:
        return {}
    path = "/".join(obj.getPhysicalPath()) if hasattr(obj, "getPhysicalPath") else None
    return {
        "object_uid": IUUID(obj, None),
        "object_path": path,
        "object_type": getattr(obj, "portal_type", None) or obj.__class__.__name__,
    }


def entry(
    action, obj=None, outcome="success", details=None, request=None, login=None, path=None
) -> dict:
    if outcome not in ("success", "denied", "error"):
        raise ValueError(f"unknown outcome {outcome!r}")
    request = request if request is not None else getRequest()
    fields = dict(request_fields(request), **actor_fields(login, request), **object_fields(obj))
    if path and not fields.get("object_path"):
        fields["object_path"] = path
    action = canonical.text(action) or ""  # the store makes every other field storable
    fields.update(
        action=action, event_class=action.split(".", 1)[0], outcome=outcome, details=details or {}
    )
    return fields


def _flush(committed, entries):
    if not committed:
        return
    try:
        get_store().append(entries)
    except Exception:
        # The act has already committed; never lose its trace silently.
        logger.critical("Audit records could not be written: %r", entries, exc_info=True)


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
    """Record an act. `details` is JSON-safe and must never hold secrets or personal data."""
    item = entry(action, obj, outcome, details, request, login, path)
    if immediate:
        _flush(True, [item])
        return
    txn = transaction.get()
    try:
        buffer = txn.data(_BUFFER)
    except KeyError:
        buffer = []
        txn.set_data(_BUFFER, buffer)
        txn.addAfterCommitHook(_flush, args=(buffer,))
    buffer.append(item)
