"""PATCH on the council: plone.restapi's update, except that the seats and the councillors
stay as they are while one of its sessions sits (409 with the reason, nothing written)."""

from plone.restapi.services.content.update import ContentPatch
from ratusha import _
from ratusha.core.rest import error
from ratusha.core.rest import InputError
from ratusha.core.rest import read_json
from ratusha.council.frozen import refusal


def _seats(value):
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return None  # not a number: the deserializer refuses it


def _names(value):
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return value
    return None


class CouncilPatch(ContentPatch):
    def reply(self):
        try:
            data = read_json(self.request)
        except InputError as exc:
            return error(self.request, exc.message, exc.status)
        if isinstance(data, dict) and ("seats" in data or "councillors" in data):
            seats = _seats(data.get("seats", self.context.seats))
            named = _names(data.get("councillors", self.context.councillors) or [])
            if named is None:
                return error(
                    self.request,
                    _(
                        "error_council_councillors",
                        default="The councillors are a list of user ids.",
                    ),
                )
            if seats is not None and named is not None:
                found = refusal(self.context, seats, named)
                if found is not None:
                    return error(self.request, found, 409)
        return super().reply()
