"""Settings of the incident register (plone.registry, prefix ratusha.privacy.incidents)."""

from ratusha import _
from zope import schema
from zope.interface import Interface


class IIncidentSettings(Interface):
    reminder_hours = schema.List(
        title=_(
            "label_incident_reminder_hours",
            default="Remind the officer when this many hours are left",
        ),
        value_type=schema.Int(min=1, max=72),
        default=[48, 24, 6],
        required=False,
    )
    storm_lockouts = schema.Int(
        title=_("label_incident_storm_lockouts", default="Lockouts that make a storm"),
        default=10,
        min=2,
    )
    storm_minutes = schema.Int(
        title=_("label_incident_storm_minutes", default="…within this many minutes"),
        default=10,
        min=1,
    )
