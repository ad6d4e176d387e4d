"""The council's composition (seats and councillors) as plain Python (no Zope), table-tested.

A session freezes the composition when it opens: its quorum and majorities count from the
seats and councillors it opened with, whatever happens to the council or its groups later.
While a session is open the council's seats and councillors cannot be edited; a change made
between sessions takes effect from the next one and is audited as a difference.
"""

from dataclasses import dataclass


def ids(values) -> tuple:
    """Sorted distinct non-empty user ids."""
    return tuple(sorted({v for v in (values or ()) if v}))


@dataclass(frozen=True)
class Composition:
    seats: int
    named: tuple = ()  # the councillors named on the council (empty: the whole group)
    councillors: tuple = ()  # who actually sat: the named ones, or the group's members

    @classmethod
    def of(cls, seats, named=(), councillors=()):
        return cls(int(seats or 0), ids(named), ids(councillors))

    def to_dict(self) -> dict:
        return {
            "seats": self.seats,
            "named": list(self.named),
            "councillors": list(self.councillors),
        }

    @classmethod
    def from_dict(cls, data):
        return cls.of(data.get("seats"), data.get("named"), data.get("councillors"))


def edits_of_frozen(frozen: Composition, seats, named) -> tuple:
    """The fields an edit would change while a session sits with `frozen` ("seats",
    "councillors"); empty when the edit leaves the composition as it is."""
    changed = []
    if seats is not None and int(seats) != frozen.seats:
        changed.append("seats")
    if ids(named) != frozen.named:
        changed.append("councillors")
    return tuple(changed)


def difference(before: tuple | None, seats, named) -> dict:
    """What changed between the composition last recorded (seats, named) and now, for the
    audit trail: {"seats": [old, new], "added": [...], "removed": [...]}; {} when nothing."""
    old_seats, old_named = before if before is not None else (None, ())
    new_named = ids(named)
    found = {}
    if old_seats != seats:
        found["seats"] = [old_seats, seats]
    added = sorted(set(new_named) - set(old_named))
    removed = sorted(set(old_named) - set(new_named))
    if added:
        found["added"] = added
    if removed:
        found["removed"] = removed
    return found
