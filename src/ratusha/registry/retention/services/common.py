"""Shared by the retention services: the plan as JSON, a Sofia-day parameter, 4xx answers."""

import datetime
from ratusha import _
from ratusha.core.rest import error
from ratusha.core.rest import InputError


def plan_json(entries) -> list[dict]:
    return [
        {
            "key": entry.key,
            "index": entry.index,
            "title": entry.title,
            "years": entry.years,
            "permanent": entry.years is None,
            "archive": entry.archive,
            "start": entry.start,
        }
        for entry in entries.values()
    ]


def answer(service, reply):
    """Call reply(); an InputError becomes its 4xx JSON answer (GET: nothing to undo)."""
    try:
        return reply()
    except InputError as exc:
        return error(service.request, exc.message, exc.status)


def list_kind(value):
    if value in (None, ""):
        return None
    if value not in ("dispose", "state"):
        raise InputError(_("error_retention_list", default="The list is «dispose» or «state»."))
    return value


def day_parameter(value):
    """?day=YYYY-MM-DD replays a Sofia day (the committee prepares an act ahead)."""
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InputError(
            _(
                "error_retention_day",
                default="The day is a date YYYY-MM-DD: ${value}.",
                mapping={"value": value[:40]},
            )
        ) from None
