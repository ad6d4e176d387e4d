"""Thresholds and working hours of the alerts (plone.registry, the privacy profile's registry.xml)."""

from dataclasses import replace
import datetime
from plone import api
from ratusha import _
from ratusha.privacy.reads.rules import Settings
from zope import schema
from zope.interface import Interface


PREFIX = "ratusha.privacy.reads"
COUNTS = (
    "many_reads",
    "many_reads_minutes",
    "bulk_export",
    "bulk_export_minutes",
    "refusals",
    "refusals_minutes",
)


class IReadAlertSettings(Interface):
    many_reads = schema.Int(
        title=_("label_alert_many_reads", default="Records one person may read in the window"),
        min=1,
        default=50,
    )
    many_reads_minutes = schema.Int(
        title=_("label_alert_many_reads_minutes", default="Window for reads (minutes)"),
        min=1,
        default=10,
    )
    bulk_export = schema.Int(
        title=_("label_alert_bulk_export", default="Records one person may export in the window"),
        min=1,
        default=500,
    )
    bulk_export_minutes = schema.Int(
        title=_("label_alert_bulk_export_minutes", default="Window for exports (minutes)"),
        min=1,
        default=60,
    )
    refusals = schema.Int(
        title=_("label_alert_refusals", default="Refusals one person may meet in the window"),
        min=1,
        default=5,
    )
    refusals_minutes = schema.Int(
        title=_("label_alert_refusals_minutes", default="Window for refusals (minutes)"),
        min=1,
        default=10,
    )
    working_days = schema.List(
        title=_("label_alert_working_days", default="Working days (1 Monday … 7 Sunday)"),
        description=_(
            "help_alert_working_days",
            default="Bulgaria's public holidays are days off and the Saturdays worked for a "
            "bridge day are working days in any case.",
        ),
        value_type=schema.Int(min=1, max=7),
        default=[1, 2, 3, 4, 5],
    )
    work_start = schema.TextLine(
        title=_("label_alert_work_start", default="Working hours begin (HH:MM, Sofia)"),
        default="08:00",
    )
    work_end = schema.TextLine(
        title=_("label_alert_work_end", default="Working hours end (HH:MM, Sofia)"),
        default="18:00",
    )


def _time(value, fallback):
    try:
        return datetime.time.fromisoformat(value)
    except (TypeError, ValueError):
        return fallback


def load() -> Settings:
    """The stored settings; a record missing or unreadable keeps its default."""
    found = {}
    for name in IReadAlertSettings.names():
        value = api.portal.get_registry_record(f"{PREFIX}.{name}", default=None)
        if value is not None:
            found[name] = value
    defaults = Settings()
    counts = {name: found[name] for name in COUNTS if name in found}
    return replace(
        defaults,
        working_days=tuple(day - 1 for day in found.get("working_days", (1, 2, 3, 4, 5))),
        work_start=_time(found.get("work_start"), defaults.work_start),
        work_end=_time(found.get("work_end"), defaults.work_end),
        **counts,
    )
