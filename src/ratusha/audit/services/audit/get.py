"""GET @audit: the audit log with filters (actor, object_uid, path, action, event_class,
outcome, since, until, text), newest first, `before`/`limit` for paging. Each parameter is
given once, as text; anything else is a 400 with a message (see ratusha.audit.query)."""

import datetime
from plone import api
from plone.restapi.services import Service
from ratusha import _
from ratusha.audit.query import link_params
from ratusha.audit.query import parse_filters
from ratusha.audit.query import QueryError
from ratusha.audit.query import search
from ratusha.core import dates
from ratusha.core import permissions
from ratusha.core.rest import error
from urllib.parse import urlencode


def serialize(row):
    """The row as recorded (`ts` in UTC is part of the hash chain) and `time`, the same instant
    with Sofia's offset, for people."""
    time = dates.iso(datetime.datetime.fromisoformat(row["ts"]))
    return {key: value for key, value in row.items() if key not in ("purged",)} | {
        "purged": bool(row["purged"]),
        "time": time,
    }


class AuditGet(Service):
    def reply(self):
        if api.user.is_anonymous():
            return error(self.request, _("error_login_required", default="Please log in."), 401)
        if not api.user.has_permission(permissions.ViewAuditLog, obj=self.context):
            return error(
                self.request,
                _("error_audit_forbidden", default="Only auditors may read the audit log."),
                403,
            )
        try:
            filters = parse_filters(self.request.form)
        except QueryError as exc:
            return error(self.request, exc.args[0])
        rows = search(filters)
        result = {
            "@id": f"{self.context.absolute_url()}/@audit",
            "items": [serialize(row) for row in rows],
        }
        if len(rows) == filters["limit"]:
            params = link_params(self.request.form, before=rows[-1]["seq"])
            result["next"] = f"{self.context.absolute_url()}/@audit?{urlencode(params)}"
        return result
