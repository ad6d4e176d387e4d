"""What the privacy capability offers the others (docs/architecture.md, contracts)."""

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
