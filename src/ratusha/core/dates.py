"""Dates as Bulgarians read them: Europe/Sofia time, day.month.year."""

import datetime
import zoneinfo

SOFIA = zoneinfo.ZoneInfo("Europe/Sofia")


def local(moment: datetime.datetime) -> datetime.datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(SOFIA)


def short_datetime(moment: datetime.datetime) -> str:
    """22.11.2026 15:59 in Sofia time."""
    return local(moment).strftime("%d.%m.%Y %H:%M")
