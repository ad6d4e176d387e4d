"""Reading the log on behalf of a person: filters from a request, and the search itself.

Shared by the auditor page, the CSV export and GET @audit, and every search is itself
recorded, because who looked at whom is an act under GDPR too.
"""

import datetime
from ratusha import _
from ratusha.audit.recorder import get_store
from ratusha.audit.recorder import record
from ratusha.audit.store import OUTCOMES
from ratusha.audit.store import utc_timestamp
from ratusha.core.dates import day_bounds
import re


FILTERS = (
    "actor",
    "object_uid",
    "path",
    "action",
    "event_class",
    "outcome",
    "since",
    "until",
    "text",
)
NUMBERS = ("before", "limit")
MAX_LIMIT = 500
MAX_TEXT = 1024
MAX_DIGITS = 18  # below 2**63, the largest seq SQL stores
_WHOLE = re.compile(r"-?[0-9]+\Z")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_UNSEARCHABLE = re.compile("[\x00\ud800-\udfff]")  # no database can compare these


class QueryError(ValueError):
    """A filter a person can correct; the message says which."""


def _text(form, name) -> str:
    """One plain text value: a repeated parameter (`?actor=a&actor=b`) or one that Zope
    converted (`before:int`, `:list`, `:record`) has no single meaning, so it is refused."""
    value = form.get(name, "")
    if isinstance(value, (list, tuple)):
        raise QueryError(
            _(
                "error_filter_repeated",
                default="${name}: give it only once.",
                mapping={"name": name},
            )
        )
    if not isinstance(value, str):
        raise QueryError(
            _(
                "error_filter_plain",
                default="${name}: give it as plain text.",
                mapping={"name": name},
            )
        )
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise QueryError(
            _(
                "error_filter_long",
                default="${name}: give at most ${max} characters.",
                mapping={"name": name, "max": MAX_TEXT},
            )
        )
    if _UNSEARCHABLE.search(value):
        raise QueryError(
            _(
                "error_filter_characters",
                default="${name}: it holds characters that cannot be searched for.",
                mapping={"name": name},
            )
        )
    return value


def _date(value, name):
    try:
        if not _DAY.match(value):
            raise ValueError(value)
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise QueryError(
            _(
                "error_filter_date",
                default="${name}: give a date as YYYY-MM-DD.",
                mapping={"name": name},
            )
        )
    return day


def _day_start(day) -> str:
    """The stored (UTC) timestamp at which a Sofia day begins: people mean their own days, and
    00:10 on 1 January in Sofia is still 31 December in UTC."""
    if day == datetime.date.min:
        return ""  # before any record; its Sofia midnight has no UTC time
    return utc_timestamp(day_bounds(day)[0])


def _whole(value, name) -> int:
    if not _WHOLE.match(value):
        raise QueryError(
            _(
                "error_filter_number",
                default="${name}: give a whole number.",
                mapping={"name": name},
            )
        )
    if len(value.lstrip("-0")) > MAX_DIGITS:
        raise QueryError(
            _(
                "error_filter_large",
                default="${name}: give a number of at most ${digits} digits.",
                mapping={"name": name, "digits": MAX_DIGITS},
            )
        )
    number = int(value)
    if number < 1:
        raise QueryError(
            _(
                "error_filter_positive",
                default="${name}: give a positive number.",
                mapping={"name": name},
            )
        )
    return number


def parse_filters(form) -> dict:
    """Validated filters from a request form (all optional; other parameters are ignored)."""
    filters = {name: value for name in FILTERS if (value := _text(form, name))}
    if "outcome" in filters and filters["outcome"] not in OUTCOMES:
        raise QueryError(
            _(
                "error_filter_outcome",
                default="outcome: one of ${outcomes}.",
                mapping={"outcomes": ", ".join(OUTCOMES)},
            )
        )
    if "since" in filters:
        filters["since"] = _day_start(_date(filters["since"], "since"))
    if "until" in filters:
        # "until" is inclusive for people: up to the end of that day (the last day: no end)
        day = _date(filters.pop("until"), "until")
        if day < datetime.date.max:
            filters["until"] = _day_start(day + datetime.timedelta(days=1))
    for name in NUMBERS:
        value = _text(form, name)
        if value:
            filters[name] = _whole(value, name)
    filters["limit"] = min(filters.get("limit", 50), MAX_LIMIT)
    return filters


def link_params(form, names=FILTERS + NUMBERS, **extra) -> dict:
    """The person's own parameters again, for "next" and export links; only plain text ones
    (what parse_filters accepted), so a link never carries what the search refused."""
    params = {name: form[name] for name in names if isinstance(form.get(name), str) and form[name]}
    params.update(extra)
    return params


def search(filters, action="audit.search"):
    """Run the search and record that it was run (with the filters, not the results)."""
    found = get_store().search(**filters)
    record(action, details={"filters": {k: v for k, v in filters.items()}, "count": len(found)})
    return found
