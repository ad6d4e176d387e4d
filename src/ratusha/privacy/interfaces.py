"""What the privacy capability offers the others (docs/architecture.md, contracts)."""

from plone.supermodel.directives import MetadataDictDirective
from zope.interface import Attribute
from zope.interface import Interface


class IPersonalDataAlert(Interface):
    """Event: a pattern of reads or refusals looks suspicious (raised by privacy.reads).

    The incident register subscribes to it; the DPO is notified."""

    rule = Attribute("id of the rule that fired, e.g. 'many_reads', 'after_hours'")
    principal = Attribute("user id whose activity fired it")
    summary = Attribute("a short text for people, without personal data")
    details = Attribute("dict of plain values (counts, window, thresholds), no personal data")
    when = Attribute("aware datetime the alert was raised")


# Records of processing (privacy.processing): which fields hold personal data, and of what kind.
PERSONAL_DATA_KEY = "ratusha.privacy.personal_data"
ORDINARY = "ordinary"  # names, contacts, addresses, the content of a request
NATIONAL_ID = "national_id"  # ЕГН/ЛНЧ (ЗЗЛД чл. 25ж)
SPECIAL = "special"  # health, ethnicity, religion, ... (GDPR Art. 9)
CRIMINAL = "criminal"  # convictions and offences (GDPR Art. 10)
PERSONAL_DATA_KINDS = (ORDINARY, NATIONAL_ID, SPECIAL, CRIMINAL)


class personal_data(MetadataDictDirective):
    """Schema directive: these fields hold personal data, so the record of processing lists them,
    e.g. `personal_data(applicant_name=ORDINARY, diagnosis=SPECIAL)` in a model.Schema or any
    zope.interface. Fields readable only with Ratusha: View personal data count without it."""

    key = PERSONAL_DATA_KEY

    def factory(self, **fields):
        unknown = set(fields.values()) - set(PERSONAL_DATA_KINDS)
        if unknown:
            raise ValueError(f"Unknown kinds of personal data: {sorted(unknown)}")
        return fields
