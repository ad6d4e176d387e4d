"""Ordered approval chains and substitutes (plain Python, no Zope imports).

A chain is a list of steps, one per approver, in order. Each step is a dict:
`{"approver": id, "state": "pending"|"approved"|"rejected", "by": id|None, "at": iso|None,
"comment": str}`. The current step is the first pending one; only its approver, or somebody
substituting for them on that day, may decide it. A rejection ends the round: the document goes
back to its author, and submitting it again starts a new round with every step pending.
"""

import dataclasses
import datetime


PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"

# Levels of a default chain, from the responsible department up to the mayor.
LEVELS = ("Department Head", "Director", "Secretary", "Mayor")


class ChainError(ValueError):
    """An act on a chain that the rules do not allow; `code` names the reason."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


@dataclasses.dataclass(frozen=True)
class Substitution:
    """`substitute` acts for `approver` from `start` to `end`, both days included."""

    approver: str
    substitute: str
    start: datetime.date
    end: datetime.date

    def active(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def new_chain(approvers, author=None) -> list[dict]:
    """Steps for a list of approver ids; refuses an empty list, repeats and the author."""
    approvers = [a.strip() for a in approvers if isinstance(a, str) and a.strip()]
    if not approvers:
        raise ChainError("empty", "The approval chain needs at least one approver.")
    if len(set(approvers)) != len(approvers):
        raise ChainError("repeated", "An approver appears twice in the chain.")
    if author and author in approvers:
        raise ChainError("author", "The author cannot approve their own document.")
    return [step(a) for a in approvers]


def step(approver: str) -> dict:
    return {"approver": approver, "state": PENDING, "by": None, "at": None, "comment": ""}


def restart(steps) -> list[dict]:
    """A new round: every step pending again, same approvers in the same order."""
    return [step(s["approver"]) for s in steps]


def current_index(steps) -> int | None:
    """Index of the step waiting for a decision; None when the chain is done or rejected."""
    for index, item in enumerate(steps):
        if item["state"] == REJECTED:
            return None
        if item["state"] == PENDING:
            return index
    return None


def current_approver(steps) -> str | None:
    index = current_index(steps)
    return None if index is None else steps[index]["approver"]


def is_complete(steps) -> bool:
    return bool(steps) and all(s["state"] == APPROVED for s in steps)


def is_rejected(steps) -> bool:
    return any(s["state"] == REJECTED for s in steps)


def remaining(steps) -> int:
    """Steps still pending (0 when complete or rejected)."""
    return 0 if is_rejected(steps) else sum(1 for s in steps if s["state"] == PENDING)


def active_substitutes(substitutions, approver: str, day: datetime.date) -> list[str]:
    return sorted({s.substitute for s in substitutions if s.approver == approver and s.active(day)})


def absent_for(substitutions, substitute: str, day: datetime.date) -> list[str]:
    """The approvers `substitute` stands in for on `day`."""
    return sorted(
        {s.approver for s in substitutions if s.substitute == substitute and s.active(day)}
    )


def actors(steps, substitutions, day: datetime.date) -> list[str]:
    """Who may decide the current step on `day`: its approver and their active substitutes."""
    approver = current_approver(steps)
    if approver is None:
        return []
    return [approver] + [
        s for s in active_substitutes(substitutions, approver, day) if s != approver
    ]


def may_decide(user: str, steps, substitutions, day: datetime.date) -> bool:
    return bool(user) and user in actors(steps, substitutions, day)


def decide(
    steps,
    user: str,
    decision: str,
    when: datetime.datetime,
    comment: str = "",
    substitutions=(),
    author=None,
) -> list[dict]:
    """The chain after `user` approves or rejects the current step (a rejection needs a comment)."""
    if decision not in (APPROVED, REJECTED):
        raise ValueError(decision)
    index = current_index(steps)
    if index is None:
        raise ChainError("closed", "No step of this chain is waiting for a decision.")
    if not may_decide(user, steps, substitutions, when.date()):
        raise ChainError(
            "not-current",
            f"Only {steps[index]['approver']} (or their substitute) may decide this step now.",
        )
    if user == author:
        raise ChainError("author", "The author cannot approve their own document.")
    comment = (comment or "").strip()
    if decision == REJECTED and not comment:
        raise ChainError("comment", "Say why the document is rejected.")
    result = [dict(s) for s in steps]
    result[index].update(state=decision, by=user, at=when.isoformat(), comment=comment)
    if user != result[index]["approver"]:
        result[index]["on_behalf_of"] = result[index]["approver"]
    return result


def seen_by(steps, substitutions=(), day=None) -> list[str]:
    """Approvers who may see the document: those who decided and whoever decides now."""
    people = []
    for item in steps:
        if item["state"] != PENDING:
            people.append(item["approver"])
            if item.get("by"):
                people.append(item["by"])
    if day is not None:
        people.extend(actors(steps, substitutions, day))
    else:
        approver = current_approver(steps)
        if approver:
            people.append(approver)
    return sorted(set(people))


def chain_departments(department, author_departments) -> list[str]:
    """Where a default chain starts: the department responsible for the document, which answers
    for it; only a document without one falls back on its author's departments."""
    return [department] if department else list(author_departments)


def default_chain(levels, author: str, departments, parents: dict, holders) -> list[str]:
    """Approvers for `levels`, from the responsible department upwards.

    `departments` come from `chain_departments`; `parents` maps a department to the
    directorate above it; `holders(role, group)` gives the users holding `role` in `group`
    (group None: anywhere). Department heads come from that department, directors from
    the department or its directorate, the secretary and the mayor from anywhere. Levels with
    nobody (or only the author) are skipped; nobody appears twice.
    """
    chain = []
    departments = list(departments)
    for level in levels:
        if level == "Department Head":
            groups = departments
        elif level == "Director":
            groups = departments + [parents[d] for d in departments if d in parents]
        else:
            groups = [None]
        for group in groups:
            people = [p for p in sorted(holders(level, group)) if p != author]
            if people:
                if people[0] not in chain:
                    chain.append(people[0])
                break
    return chain
