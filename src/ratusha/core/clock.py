"""Plone's pages and plone.restapi give times in Sofia, whatever zone the server runs in.

Plone formats every time a person reads (history, byline, search results, listings, content
rules' ${created}) with `ulocalized_time`, which renders through `DateTime.strftime`: Zope's
DateTime converts to the *server's* zone there (taken from the process when DateTime is
imported), so a server on UTC showed 13:55 for an act the notifications call 15:55.
plone.restapi gives every time in UTC. collective.monkeypatcher (configure.zcml) points both at
ratusha.core.dates' Sofia, the zone of `plone.portal_timezone`.
"""

from DateTime import DateTime
import datetime
from DateTime.interfaces import IDateTime
import plone.base.i18nl10n
import plone.restapi.serializer.converters
from ratusha.core import dates


_plone_ulocalized_time = plone.base.i18nl10n.ulocalized_time
_restapi_iso = plone.restapi.serializer.converters.datetimelike_to_iso


class SofiaDateTime(DateTime):
    """A DateTime whose strftime gives Sofia's wall time (DateTime's own gives the server's).

    A value without a zone (a date typed by a person) is a wall time already: shown as it reads.
    """

    def strftime(self, format):
        if self.timezoneNaive():
            moment = datetime.datetime(
                self._year, self._month, self._day, self._hour, self._minute, int(self._nearsec)
            )
        else:
            moment = dates.from_timestamp(self.timeTime())
        return moment.strftime(format)


def in_sofia(time):
    """A DateTime, or what DateTime reads, as a SofiaDateTime; what it cannot read as it came."""
    try:
        return SofiaDateTime(time if IDateTime.providedBy(time) else DateTime(time))
    except Exception:  # Plone's own function logs it and answers None
        return time


def ulocalized_time(time, *args, **kwargs):
    """Plone's ulocalized_time, in Sofia time."""
    return _plone_ulocalized_time(in_sofia(time), *args, **kwargs)


def datetimelike_to_iso(value):
    """plone.restapi's ISO 8601, with Sofia's offset instead of UTC; naive values as they are."""
    if isinstance(value, DateTime) and not value.timezoneNaive():
        return dates.iso(dates.from_timestamp(value.timeTime()))
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return dates.iso(value)
    return _restapi_iso(value)
