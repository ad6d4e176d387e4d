"""Rules of data-subject requests (GDPR Art. 12, 15-17, 20), plain Python, no Zope.

- the deadline: one month from receipt (Art. 12(3)), three when extended; a period that ends
  on a Saturday, Sunday or Bulgarian public holiday ends on the next working day (Regulation
  1182/71, Art. 3(4));
- whether a thing found about a person may be erased, and if not, why (Art. 17(3)(b), (e):
  a legal obligation to keep it, legal claims).
"""

from dataclasses import dataclass
import datetime
from dateutil.relativedelta import relativedelta
import holidays
from ratusha.core.msgids import _


KINDS = ("access", "rectification", "erasure")
STATUSES = ("open", "extended", "answered", "refused", "closed")

# what the finder may find: (source, role); see finder.py
REGISTRY = "registry"
MEETING = "meeting"
COUNCIL = "council"
ACCOUNT = "account"
AUDIT = "audit"


def deadline(received: datetime.date, extended: bool = False) -> datetime.date:
    """The day the answer is due: the same day one (three) month(s) later, the month's last
    day where it is shorter (31 January -> 28/29 February), then the next working day."""
    due = received + relativedelta(months=3 if extended else 1)
    days_off = holidays.country_holidays("BG", years=range(due.year, due.year + 2))
    while due.weekday() >= 5 or due in days_off:
        due += datetime.timedelta(days=1)
    return due


def days_left(due: datetime.date, today: datetime.date) -> int:
    """Negative when the deadline has passed."""
    return (due - today).days


@dataclass(frozen=True)
class Retention:
    """What the registry's filing plan says of a document (registry.interfaces.retention_status)."""

    until: datetime.date | None = None  # None: kept permanently
    held: bool = False
    may_erase: bool = False
    reason: object = None  # the registry's translatable text naming the rule


@dataclass(frozen=True)
class Verdict:
    may_erase: bool
    code: str
    reason: tuple  # (msgid, default) for people


MAY = Verdict(True, "erasable", _("subjects_erasable", default="May be anonymised."))
ARCHIVES_ACT = _(
    "subjects_refused_archives",
    default="Kept under the National Archives Fund Act and the filing plan.",
)
REFUSALS = {
    "archives": ARCHIVES_ACT,
    "legal_hold": _(
        "subjects_refused_hold",
        default="A legal hold applies (Art. 17(3)(e) GDPR: legal claims).",
    ),
    "retention": _(
        "subjects_refused_retention",
        default="Its retention period under the filing plan has not ended "
        "(Art. 17(3)(b) GDPR: a legal obligation to keep it).",
    ),
    "disposal": _(
        "subjects_refused_disposal",
        default="Its retention period has ended: it is destroyed by a disposal act of the "
        "expert committee, not erased alone.",
    ),
    "council": _(
        "subjects_refused_council",
        default="Council records are public acts kept under the Local Self-Government Act "
        "and the National Archives Fund Act.",
    ),
    "account": _(
        "subjects_refused_account",
        default="An employee's account comes from the directory (LDAP/AD); it is removed "
        "there when the employment ends.",
    ),
    "audit": _(
        "subjects_refused_audit",
        default="The audit trail is append-only evidence (Art. 32 GDPR); its records are "
        "purged only by its own retention rule.",
    ),
    "text": _(
        "subjects_refused_text",
        default="The person is named in the text itself: whoever may edit it rewrites it by hand.",
    ),
    "internal": _(
        "subjects_refused_internal",
        default="An employee's part in a meeting is a record of the municipality's work.",
    ),
}


def refusal(code: str) -> Verdict:
    return Verdict(False, code, REFUSALS[code])


def erasure_verdict(source: str, role: str, registered: bool, retention=None) -> Verdict:
    """May what was found be erased (anonymised)? `source` and `role` say where the person
    appears; `registered` whether a registry document has its number; `retention` the
    filing plan's Retention for it, None where the registry does not say."""
    if source == REGISTRY:
        if not registered:
            # a draft or a document received but never registered
            return refusal("text") if role == "mentioned" else MAY
        if retention is None:
            return refusal("archives")
        if retention.held:
            return refusal("legal_hold")
        return refusal("disposal" if retention.may_erase else "retention")
    if source == MEETING:
        return MAY if role == "guest" else refusal("internal")
    if source in (COUNCIL, ACCOUNT, AUDIT):
        return refusal(source)
    raise ValueError(f"unknown source {source!r}")


def may_rectify(source: str, role: str) -> bool:
    """Rectification (Art. 16) is allowed wherever the municipality itself wrote the person's
    data down: a document's sender fields and a meeting's guest line. Registered documents too:
    the registry keeps each version."""
    return (source, role) in ((REGISTRY, "sender"), (MEETING, "guest"))
