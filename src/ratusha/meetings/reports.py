"""The attendance report of a meeting or room call, and participants' conflicts."""

from plone import api
from plone.uuid.interfaces import IUUID
from ratusha.audit.interfaces import record
from ratusha.core.dates import from_timestamp
from ratusha.core.dates import iso
from ratusha.meetings import store
from ratusha.meetings.interfaces import IMeeting
from ratusha.meetings.scheduling import guests_of
from ratusha.meetings.scheduling import invited_users
from ratusha.meetings.scheduling import people_conflicts


def _iso(seconds):
    return iso(from_timestamp(seconds)) if seconds else None


def _fullname(user_id):
    user = api.user.get(userid=user_id)
    return (user.getProperty("fullname", "") or user_id) if user is not None else user_id


def attendance_report(obj) -> dict:
    people = store.attendance_of(IUUID(obj))
    items = []
    for person in people:
        name = person.name
        if not person.guest and person.user_id:
            name = _fullname(person.user_id) or name
        items.append(
            {
                "user": None if person.guest else person.user_id,
                "name": name or person.email or person.identity,
                "email": person.email,
                "guest": person.guest,
                "first_join": _iso(person.first_join),
                "last_leave": _iso(person.last_leave),
                "minutes": round(person.total / 60, 1),
                "present": person.present,
                "connections": person.sessions,
            }
        )
    absent = []
    if IMeeting.providedBy(obj):
        came = {i["user"] for i in items if i["user"]} | {i["email"] for i in items if i["guest"]}
        absent = [
            {"user": u, "name": _fullname(u), "guest": False}
            for u in invited_users(obj)
            if u not in came
        ]
        absent += [
            {"user": None, "name": name or address, "guest": True}
            for name, address in guests_of(obj)
            if address not in came
        ]
    return {
        "items": items,
        "absent": absent,
        "total_minutes": round(sum(p.total for p in people) / 60, 1),
    }


def record_view(obj, view, report):
    """Attendance is personal data: every look at it is on the audit trail."""
    record(
        "personal-data.view",
        obj,
        details={"view": view, "what": "attendance", "people": len(report["items"])},
    )


def conflict_warnings(meeting):
    """[(user id, name, other meeting's title or None, start, end)] for people double-booked."""
    catalog = api.portal.get_tool("portal_catalog")
    result = []
    for user_id, bookings in people_conflicts(meeting).items():
        for booking in bookings:
            visible = catalog.searchResults(UID=booking.key)
            result.append(
                (
                    user_id,
                    _fullname(user_id),
                    booking.title if visible else None,
                    booking.start,
                    booking.end,
                )
            )
    return result
