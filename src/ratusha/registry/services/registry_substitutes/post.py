"""POST @registry-substitutes: name a substitute (заместник) for a date range.

Body: `{"substitute": "ivan", "start": "2026-12-01", "end": "2026-12-05"}` for yourself, or with
`"approver": "…"` for somebody else (needs "Ratusha: Manage settings"). `{"delete": true, …}`
with approver, substitute and start removes one. The substitute may then approve and sign what
waits for the approver, on those days only; their decisions are recorded "on behalf of".
"""

from plone import api
from plone.restapi.services import Service
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.permissions import ManageSettings
from ratusha.core.rest import InputError
from ratusha.core.rest import run
from ratusha.registry import substitutes
from ratusha.registry.actions import parse_date


class SubstitutesPost(Service):
    def reply(self):
        return run(self, self.act)

    def act(self, data):
        me = api.user.get_current().getId()
        approver = data.get("approver") or me
        if approver != me and not api.user.has_permission(ManageSettings, obj=self.context):
            raise InputError(
                _("error_substitute_other", default="You may name a substitute only for yourself."),
                status=403,
            )
        substitute = data.get("substitute")
        if not isinstance(substitute, str) or api.user.get(userid=substitute) is None:
            raise InputError(
                _(
                    "error_unknown_users",
                    default="Unknown users: ${names}.",
                    mapping={"names": str(substitute)},
                )
            )
        if api.user.get(userid=approver) is None:
            raise InputError(
                _(
                    "error_unknown_users",
                    default="Unknown users: ${names}.",
                    mapping={"names": approver},
                )
            )
        if substitute == approver:
            raise InputError(
                _("error_substitute_self", default="Somebody else must stand in for you.")
            )
        start = parse_date(data.get("start"), "start")
        if data.get("delete"):
            if not substitutes.remove(approver, substitute, start):
                raise InputError(
                    _("error_no_substitution", default="There is no such substitution."), status=404
                )
            record(
                "registry.substitute-removed",
                details={
                    "approver": approver,
                    "substitute": substitute,
                    "start": start.isoformat(),
                },
            )
            return {"removed": True}
        end = parse_date(data.get("end"), "end")
        if end < start:
            raise InputError(_("error_range", default="The end comes before the start."))
        item = substitutes.add(approver, substitute, start, end)
        record("registry.substitute", details=substitutes.serialize(item))
        self.request.response.setStatus(201)
        return substitutes.serialize(item)
