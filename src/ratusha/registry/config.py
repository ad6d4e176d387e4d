"""The registry's settings and calendar, read from plone.registry."""

import datetime
from plone.registry.interfaces import IRegistry
from ratusha.core.dates import SOFIA
from ratusha.registry.deadlines import DEFAULT_TERMS
from ratusha.registry.deadlines import parse_days
from ratusha.registry.deadlines import TermError
from ratusha.registry.deadlines import WorkCalendar
from ratusha.registry.interfaces import IRegistrySettings
from ratusha.registry.interfaces import IWorkDays
from zope.component import queryUtility
from zope.interface import moduleProvides


moduleProvides(IWorkDays)  # registered as the IWorkDays utility in configure.zcml

PREFIX = "ratusha.registry"


def settings():
    registry = queryUtility(IRegistry)
    if registry is None:
        return None
    try:
        return registry.forInterface(IRegistrySettings, prefix=PREFIX)
    except KeyError:
        return None


def today() -> datetime.date:
    """Today in Sofia: deadlines are days of the municipality's calendar."""
    return datetime.datetime.now(SOFIA).date()


def now() -> datetime.datetime:
    return datetime.datetime.now(SOFIA)


def work_calendar() -> WorkCalendar:
    values = settings()
    if values is None:
        return WorkCalendar()
    try:
        return WorkCalendar(parse_days(values.extra_days_off), parse_days(values.working_saturdays))
    except TermError:
        return WorkCalendar()


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    return work_calendar().working_days_between(start, end)


def term_for(kind: str) -> str:
    values = settings()
    terms = dict(DEFAULT_TERMS)
    if values is not None and values.terms:
        terms.update(values.terms)
    return terms.get(kind) or terms.get("other") or "14d"


def approval_levels(kind: str) -> list[str]:
    values = settings()
    levels = (values.approval_levels or {}) if values is not None else {}
    text = levels.get(kind) or "Department Head, Director, Secretary, Mayor"
    return [level.strip() for level in text.split(",") if level.strip()]


def department_parents() -> dict:
    values = settings()
    return dict(values.department_parents or {}) if values is not None else {}
