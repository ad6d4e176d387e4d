"""The incident (DataIncident): a security or personal-data breach on the register."""

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
import datetime
from plone import api
from plone.dexterity.content import Item
from plone.supermodel import model
from ratusha import _
from ratusha.core.dates import SOFIA
from ratusha.core.dates import sofia
from ratusha.privacy.incidents import clock
from ratusha.privacy.incidents import rules
from zope import schema
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


INCIDENT = "DataIncident"
OPEN = ("reported", "assessed")


def _vocabulary(*pairs):
    return SimpleVocabulary([SimpleTerm(value, value, title) for value, title in pairs])


SOURCES = _vocabulary(
    ("manual", _("incident_source_manual", default="Reported by hand")),
    ("alert", _("incident_source_alert", default="Alert on reads of personal data")),
    ("lockout_storm", _("incident_source_lockout_storm", default="Lockout storm")),
    ("audit_chain", _("incident_source_audit_chain", default="Audit chain break")),
)
RISKS = _vocabulary(
    ("unassessed", _("incident_risk_unassessed", default="Not assessed yet")),
    ("none", _("incident_risk_none", default="Unlikely to result in a risk (no notification)")),
    ("risk", _("incident_risk_risk", default="A risk to people's rights (notify КЗЛД)")),
    ("high", _("incident_risk_high", default="A high risk (notify КЗЛД and the people affected)")),
)


class IDataIncident(model.Schema):
    title = schema.TextLine(title=_("label_incident_title", default="What happened, in short"))
    discovered = schema.Datetime(
        title=_("label_incident_discovered", default="Discovered (became aware)"),
        description=_(
            "help_incident_discovered",
            default="The 72 hours to notify КЗЛД run from this moment (GDPR Art. 33).",
        ),
    )
    source = schema.Choice(
        title=_("label_incident_source", default="Source"), vocabulary=SOURCES, default="manual"
    )
    description = schema.Text(
        title=_("label_incident_description", default="Description"), required=False
    )
    subject_categories = schema.Text(
        title=_("label_incident_subject_categories", default="Categories of people affected"),
        required=False,
    )
    subjects_count = schema.Int(
        title=_("label_incident_subjects_count", default="Approximate number of people affected"),
        required=False,
        min=0,
    )
    data_categories = schema.Text(
        title=_("label_incident_data_categories", default="Categories of personal data affected"),
        required=False,
    )
    records_count = schema.Int(
        title=_("label_incident_records_count", default="Approximate number of records affected"),
        required=False,
        min=0,
    )
    consequences = schema.Text(
        title=_("label_incident_consequences", default="Likely consequences"), required=False
    )
    measures = schema.Text(
        title=_("label_incident_measures", default="Measures taken or proposed"), required=False
    )
    risk = schema.Choice(
        title=_("label_incident_risk", default="Risk assessment"),
        vocabulary=RISKS,
        default="unassessed",
    )
    notification_text = schema.Text(
        title=_("label_incident_notification_text", default="Notification to КЗЛД"),
        description=_(
            "help_incident_notification_text",
            default="Filled from the fields above when the risk is assessed; edit before sending.",
        ),
        required=False,
    )
    notified_at = schema.Datetime(
        title=_("label_incident_notified_at", default="Notification sent at"), required=False
    )
    late_reason = schema.Text(
        title=_("label_incident_late_reason", default="Reasons for a notification after 72 hours"),
        required=False,
    )


FIELDS = tuple(schema.getFieldNamesInOrder(IDataIncident))
TIMES = ("discovered", "notified_at")


def aware(value):
    """A stored time as an aware one: the edit form's are naive, typed in Sofia's wall clock."""
    if value is None or value.tzinfo is not None:
        return value
    return sofia(value.replace(tzinfo=SOFIA))


class DataIncident(Item):
    """An incident; `reminders` keeps the marks of reminders sent ("48h", …, "overdue")."""

    security = ClassSecurityInfo()
    source_key = None  # what one storm, break or alert makes one incident of
    source_details = None
    reported_by = None
    reminders = ()

    def facts(self) -> dict:
        """The fields as plain values, for the rules and the form."""
        values = {name: getattr(self, name, None) for name in FIELDS}
        for name in TIMES:
            values[name] = aware(values[name])
        values["risk"] = values["risk"] or "unassessed"
        return values

    def state(self) -> str:
        return api.content.get_state(obj=self)

    def clock(self, now=None) -> clock.Clock:
        facts = self.facts()
        return clock.clock(
            facts["discovered"],
            now or datetime.datetime.now(datetime.UTC),
            facts["notified_at"],
            required=clock.duties(facts["risk"])[0] and self.state() != "closed",
        )

    @security.public
    def incident_refusal(self, act):
        """The workflow's guards ask the same rule as the acts (None: allowed)."""
        return rules.refusal(act, self.state(), self.facts(), datetime.datetime.now(datetime.UTC))


InitializeClass(DataIncident)
