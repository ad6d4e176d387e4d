"""Reading the log on behalf of a person: filters from a request, and the search itself.

Shared by the auditor page, the CSV export and GET @audit, and every search is itself
recorded, because who looked at whom is an act under GDPR too.
"""

import datetime

from ratusha import _
from ratusha.audit.recorder import get_store
from ratusha.audit.recorder import record
from ratusha.audit.store import OUTCOMES

FILTERS = ("actor", "object_uid", "path", "action", "event_class", "outcome", "since", "until",
           "text")
MAX_LIMIT = 500


class QueryError(ValueError):
    """A filter a person can correct; the message says which."""


def _date(value, name):
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise QueryError(_("error_filter_date", default="${name}: give a date as YYYY-MM-DD.",
                           mapping={"name": name}))
    return day


def parse_filters(form) -> dict:
    """Validated filters from a request form (all optional)."""
    filters = {name: form.get(name, "").strip() for name in FILTERS if form.get(name, "").strip()}
    if "outcome" in filters and filters["outcome"] not in OUTCOMES:
        raise QueryError(_("error_filter_outcome", default="outcome: one of ${outcomes}.",
                           mapping={"outcomes": ", ".join(OUTCOMES)}))
    if "since" in filters:
        filters["since"] = _date(filters["since"], "since").isoformat()
    if "until" in filters:
        # "until" is inclusive for people: up to the end of that day
        filters["until"] = (_date(filters["until"], "until") + datetime.timedelta(days=1)).isoformat()
    for name in ("before", "limit"):
        value = form.get(name, "")
        if value:
            try:
                filters[name] = int(value)
            except ValueError:
                raise QueryError(_("error_filter_number", default="${name}: give a whole number.",
                                   mapping={"name": name}))
            if filters[name] < 1:
                raise QueryError(_("error_filter_positive", default="${name}: give a positive number.",
                                   mapping={"name": name}))
    filters["limit"] = min(filters.get("limit", 50), MAX_LIMIT)
    return filters


def search(filters, action="audit.search"):
    """Run the search and record that it was run (with the filters, not the results)."""
    found = get_store().search(**filters)
    record(action, details={"filters": {k: v for k, v in filters.items()}, "count": len(found)})
    return found
