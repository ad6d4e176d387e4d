"""Rules of sessions and agenda items as plain Python (no Zope), table-tested.

Deadlines count calendar days in Sofia: a session on the 20th convened with 7 days' notice
must be published on the 13th at the latest. Problems are codes with values; the Plone side
turns them into translated messages.
"""

from dataclasses import dataclass
from dataclasses import field
import datetime
import posixpath
from ratusha.council.legalbasis import LegalBasis
from ratusha.council.legalbasis import LegalBasisError


DECISION = "decision"
ELECTION = "election"
INFORMATION = "information"
QUESTIONS = "questions"
ITEM_KINDS = (DECISION, ELECTION, INFORMATION, QUESTIONS)
NEEDS_LEGAL_BASIS = frozenset({DECISION, ELECTION})
NEEDS_MATERIALS = frozenset({DECISION, ELECTION})

REGULAR = "regular"
EXTRAORDINARY = "extraordinary"
SESSION_KINDS = (REGULAR, EXTRAORDINARY)

IN_PERSON = "in_person"
HYBRID = "hybrid"
REMOTE = "remote"
MODES = (IN_PERSON, HYBRID, REMOTE)
WITH_VIDEO = frozenset({HYBRID, REMOTE})

FOR = "for"
AGAINST = "against"
FOR_WITH_AMENDMENTS = "for_with_amendments"
VERDICTS = (FOR, AGAINST, FOR_WITH_AMENDMENTS)

# Open formats for published materials (ЗМСМА 2024): PDF, OpenDocument, Office Open XML, CSV
OPEN_FORMATS = {
    ".pdf": "application/pdf",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv",
}
OPEN_MIME_TYPES = frozenset(OPEN_FORMATS.values())


def is_open_format(filename: str, content_type: str = "") -> bool:
    """A file counts as open when its name ends like an open format, or its type is one."""
    extension = posixpath.splitext((filename or "").lower())[1]
    if extension:
        return extension in OPEN_FORMATS
    return (content_type or "").split(";")[0].strip().lower() in OPEN_MIME_TYPES


def legal_basis(law="", article="", paragraph="", point=""):
    """LegalBasis from the four fields; None when all are empty; LegalBasisError if wrong."""
    if not any(str(part or "").strip() for part in (law, article, paragraph, point)):
        return None
    return LegalBasis(
        law.strip().upper() if law else "", article or "", paragraph or "", point or ""
    )


def needs_legal_basis(kind: str) -> bool:
    return kind in NEEDS_LEGAL_BASIS


def days_of_notice(published: datetime.date, start: datetime.date) -> int:
    return (start - published).days


def notice_deadline(start: datetime.date, days: int) -> datetime.date:
    """The last day the agenda and materials may be published."""
    return start - datetime.timedelta(days=days)


def notice_days_needed(kind: str, notice_days: int, extraordinary_days: int) -> int:
    return extraordinary_days if kind == EXTRAORDINARY else notice_days


@dataclass(frozen=True)
class Problem:
    code: str
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Material:
    name: str
    content_type: str = ""


@dataclass(frozen=True)
class ItemFacts:
    title: str
    kind: str
    basis: tuple = ("", "", "", "")  # law, article, paragraph, point
    materials: tuple = ()
    withdrawn: bool = False


@dataclass(frozen=True)
class SessionFacts:
    kind: str
    start: datetime.date
    today: datetime.date
    notice_days: int = 7
    extraordinary_days: int = 1
    reason: str = ""
    mode: str = IN_PERSON
    remote_allowed: bool = False
    remote_needs_basis: bool = True
    remote_basis: str = ""
    items: tuple = ()


def item_problems(item: ItemFacts) -> list:
    """What stops an agenda item from being published."""
    problems = []
    try:
        basis = legal_basis(*item.basis)
    except LegalBasisError as exc:
        return [Problem("bad-legal-basis", {"item": item.title, "reason": str(exc)})]
    if basis is None and needs_legal_basis(item.kind):
        problems.append(Problem("no-legal-basis", {"item": item.title}))
    return problems


def material_problems(item: ItemFacts) -> list:
    problems = []
    if item.kind in NEEDS_MATERIALS and not item.materials:
        problems.append(Problem("no-materials", {"item": item.title}))
    for material in item.materials:
        if not is_open_format(material.name, material.content_type):
            problems.append(Problem("closed-format", {"item": item.title, "file": material.name}))
    return problems


def convene_problems(session: SessionFacts) -> list:
    """Everything that stops a session from being convened (empty: it may be)."""
    problems = []
    needed = notice_days_needed(session.kind, session.notice_days, session.extraordinary_days)
    given = days_of_notice(session.today, session.start)
    if session.kind == EXTRAORDINARY and not (session.reason or "").strip():
        problems.append(Problem("no-reason"))
    if given < needed:
        problems.append(
            Problem(
                "short-notice",
                {
                    "needed": needed,
                    "given": max(given, 0),
                    "deadline": notice_deadline(session.start, needed),
                },
            )
        )
    if session.mode in WITH_VIDEO:
        if not session.remote_allowed:
            problems.append(Problem("remote-not-allowed"))
        elif session.remote_needs_basis and not (session.remote_basis or "").strip():
            problems.append(Problem("no-remote-basis"))
    items = [item for item in session.items if not item.withdrawn]
    if not items:
        problems.append(Problem("no-items"))
    for item in items:
        problems += item_problems(item)
        problems += material_problems(item)
    return problems


@dataclass(frozen=True)
class ComplianceFacts:
    state: str
    closed_door: bool
    livestream_url: str
    start: datetime.date
    today: datetime.date
    notice_days: int
    published: datetime.date | None = None  # when the session was convened
    materials_published: tuple = ()  # dates materials were added after convening
    decision_items_without_materials: int = 0


CONVENED_STATES = ("convened", "open")


def compliance_warnings(facts: ComplianceFacts) -> list:
    """Warnings for council staff (ЗМСМА 2024): live stream, materials on time."""
    warnings = []
    deadline = notice_deadline(facts.start, facts.notice_days)
    if (
        facts.state in CONVENED_STATES
        and not facts.closed_door
        and not (facts.livestream_url or "").strip()
    ):
        warnings.append(Problem("no-livestream"))
    if facts.state == "draft" and facts.today > deadline:
        warnings.append(Problem("not-published", {"deadline": deadline}))
    if facts.published is not None and facts.published > deadline:
        warnings.append(
            Problem("published-late", {"deadline": deadline, "published": facts.published})
        )
    late = sorted(day for day in facts.materials_published if day > deadline)
    if late:
        warnings.append(Problem("materials-late", {"deadline": deadline, "count": len(late)}))
    if facts.state in CONVENED_STATES and facts.decision_items_without_materials:
        warnings.append(
            Problem("materials-missing", {"count": facts.decision_items_without_materials})
        )
    return warnings


def is_overdue(deadline: datetime.date | None, given: bool, today: datetime.date) -> bool:
    """An opinion is overdue the day after its deadline while it has not been given."""
    return deadline is not None and not given and today > deadline
