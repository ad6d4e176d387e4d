"""The report's figures from facts read off the stored records (plain Python, no Zope imports).

The Plone side (`collect.py`) turns documents, meetings and sessions into the small facts below;
these functions only count, so a table of cases shows what each figure means (docs/reports.md).
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
import datetime


MAX_DAYS = 366 * 5  # a longer period is refused: the report reads every record in it
NO_DEPARTMENT = ""


class FilterError(ValueError):
    """A filter the report cannot use; `code` names it, the message says what to send."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Filters:
    start: datetime.date
    end: datetime.date
    department: str = ""  # empty: every department


@dataclass(frozen=True)
class Document:
    """A registered document as the report sees it."""

    direction: str  # "received" (incoming), "sent" (outgoing) or "internal"
    department: str
    registered: datetime.date
    deadline: datetime.date | None = None
    answered: datetime.date | None = None  # the day it first became answered or closed
    finished: bool = False  # answered, closed, returned, dispatched, ...: no deadline runs


@dataclass(frozen=True)
class Meeting:
    start: datetime.date
    invited: int
    attended: int


@dataclass(frozen=True)
class Session:
    start: datetime.date
    held: bool  # closed or later in its workflow
    decisions: int
    warnings: tuple = ()  # compliance codes (council's @council-compliance)


@dataclass
class Row:
    """One department in one month (or a total)."""

    received: int = 0
    sent: int = 0
    due: int = 0  # with a deadline that passed or was met
    on_time: int = 0
    answer_days: list = field(default_factory=list)

    def share_on_time(self) -> float | None:
        return round(self.on_time / self.due, 3) if self.due else None

    def average_days(self) -> float | None:
        return round(sum(self.answer_days) / len(self.answer_days), 1) if self.answer_days else None

    def as_dict(self) -> dict:
        return {
            "received": self.received,
            "sent": self.sent,
            "due": self.due,
            "on_time": self.on_time,
            "share_on_time": self.share_on_time(),
            "answered": len(self.answer_days),
            "average_working_days": self.average_days(),
        }


def parse_day(value, code: str, name: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value.strip())
    except (AttributeError, ValueError):  # not text (a repeated parameter), or not a date
        raise FilterError(code, f"{name} must be a date written as YYYY-MM-DD.") from None


def parse_filters(params: dict, today: datetime.date, departments) -> Filters:
    """The report's filters from a query string; by default this year up to today."""
    start = params.get("from") or ""
    end = params.get("to") or ""
    start = parse_day(start, "bad-from", "from") if start else datetime.date(today.year, 1, 1)
    end = parse_day(end, "bad-to", "to") if end else today
    if end < start:
        raise FilterError("bad-period", "The period ends before it starts.")
    if (end - start).days > MAX_DAYS:
        raise FilterError("period-too-long", "The period may be at most five years long.")
    department = params.get("department") or ""
    department = department.strip() if isinstance(department, str) else repr(department)
    if department and department not in departments:
        raise FilterError("bad-department", f"There is no department {department!r}.")
    return Filters(start, end, department)


def month(day: datetime.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def months(start: datetime.date, end: datetime.date) -> list[str]:
    """Every month the period touches, oldest first."""
    result, year, number = [], start.year, start.month
    while (year, number) <= (end.year, end.month):
        result.append(f"{year:04d}-{number:02d}")
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return result


def in_period(day: datetime.date | None, filters: Filters) -> bool:
    return day is not None and filters.start <= day <= filters.end


def is_overdue(doc: Document, today: datetime.date) -> bool:
    """The registry's own reading (deadline status "overdue"): open and past its deadline."""
    return doc.deadline is not None and not doc.finished and today > doc.deadline


def count_document(row: Row, doc: Document, today: datetime.date, working_days: Callable):
    if doc.direction == "sent":
        row.sent += 1
        return
    if doc.direction != "received":
        return
    row.received += 1
    if doc.answered is not None:
        row.answer_days.append(working_days(doc.registered, doc.answered))
    if doc.deadline is None:
        return
    if doc.answered is not None and doc.answered <= doc.deadline:
        row.due += 1
        row.on_time += 1
    elif doc.answered is not None or today > doc.deadline:
        row.due += 1


def documents_report(docs, filters: Filters, today: datetime.date, working_days: Callable) -> dict:
    """Received and sent per department and month, answers on time, time to answer, overdue.

    `working_days(start, end)` counts the working days after `start` up to `end` (the
    registry's calendar). Overdue is a snapshot of today and ignores the period.
    """
    chosen = [d for d in docs if not filters.department or d.department == filters.department]
    rows: dict = {}
    total = Row()
    for doc in chosen:
        if not in_period(doc.registered, filters):
            continue
        key = (doc.department or NO_DEPARTMENT, month(doc.registered))
        count_document(rows.setdefault(key, Row()), doc, today, working_days)
        count_document(total, doc, today, working_days)
    overdue = Counter(d.department or NO_DEPARTMENT for d in chosen if is_overdue(d, today))
    return {
        "rows": [
            dict(rows[key].as_dict(), department=key[0], month=key[1]) for key in sorted(rows)
        ],
        "total": total.as_dict(),
        "overdue_now": sum(overdue.values()),
        "overdue_by_department": dict(sorted(overdue.items())),
    }


def meetings_report(meetings, filters: Filters) -> dict:
    """Meetings held per month and the share of the invited who joined the call."""
    held = [m for m in meetings if in_period(m.start, filters)]
    per_month = Counter(month(m.start) for m in held)
    invited = sum(m.invited for m in held)
    attended = sum(m.attended for m in held)
    return {
        "held": len(held),
        "by_month": {key: per_month.get(key, 0) for key in months(filters.start, filters.end)},
        "invited": invited,
        "attended": attended,
        "attendance": round(attended / invited, 3) if invited else None,
    }


def council_report(sessions, filters: Filters) -> dict:
    """Sessions held, decisions taken, sessions that kept every statutory deadline."""
    chosen = [s for s in sessions if in_period(s.start, filters)]
    held = [s for s in chosen if s.held]
    warnings = Counter(code for s in chosen for code in s.warnings)
    compliant = sum(1 for s in chosen if not s.warnings)
    return {
        "sessions": len(chosen),
        "held": len(held),
        "decisions": sum(s.decisions for s in held),
        "compliant": compliant,
        "share_compliant": round(compliant / len(chosen), 3) if chosen else None,
        "warnings": dict(sorted(warnings.items())),
    }
