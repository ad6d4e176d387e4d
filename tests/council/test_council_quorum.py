"""Quorum and presence rules (no Zope): more than half of ALL seats, sources kept apart."""

import pytest
from ratusha.council.quorum import ARRIVE
from ratusha.council.quorum import Check
from ratusha.council.quorum import check_is_current
from ratusha.council.quorum import is_quorate
from ratusha.council.quorum import LEAVE
from ratusha.council.quorum import next_kind
from ratusha.council.quorum import presence
from ratusha.council.quorum import PresenceEvent
from ratusha.council.quorum import present_ids
from ratusha.council.quorum import quorum_state
from ratusha.council.quorum import required
from ratusha.council.quorum import RETURN
from ratusha.council.quorum import SELF
from ratusha.council.quorum import STAFF
from ratusha.council.quorum import VIDEO
from ratusha.council.quorum import video_events


@pytest.mark.parametrize(
    "seats, present, quorate",
    [
        (21, 10, False),
        (21, 11, True),
        (21, 21, True),
        (21, 0, False),
        (51, 25, False),
        (51, 26, True),
        (11, 5, False),
        (11, 6, True),
        (33, 16, False),
        (33, 17, True),
        (41, 20, False),
        (41, 21, True),
        (61, 30, False),
        (61, 31, True),
        (20, 10, False),
        (20, 11, True),  # an even council: more than half is 11 of 20
    ],
)
def test_quorum_table(seats, present, quorate):
    assert is_quorate(present, seats) is quorate
    assert required(seats) == seats // 2 + 1


@pytest.mark.parametrize("seats", [0, -1, 21.0, None])
def test_required_needs_seats(seats):
    with pytest.raises(ValueError):
        required(seats)


def ev(user, kind, source, at, seq=0):
    return PresenceEvent(user, kind, source, at, seq)


def test_unknown_kind_or_source_is_refused():
    with pytest.raises(ValueError):
        ev("a", "enter", STAFF, 1)
    with pytest.raises(ValueError):
        ev("a", ARRIVE, "badge", 1)


@pytest.mark.parametrize(
    "events, video_counts, expected",
    [
        # staff in the hall
        ([ev("a", ARRIVE, STAFF, 1)], True, ["a"]),
        ([ev("a", ARRIVE, STAFF, 1), ev("a", LEAVE, STAFF, 2)], True, []),
        (
            [ev("a", ARRIVE, STAFF, 1), ev("a", LEAVE, STAFF, 2), ev("a", RETURN, STAFF, 3)],
            True,
            ["a"],
        ),
        # self check-in and staff share the hall: the later word wins
        ([ev("a", ARRIVE, SELF, 1), ev("a", LEAVE, STAFF, 2)], True, []),
        ([ev("a", ARRIVE, STAFF, 1), ev("a", LEAVE, SELF, 2)], True, []),
        # video counts only in hybrid and remote sessions
        ([ev("a", ARRIVE, VIDEO, 1)], True, ["a"]),
        ([ev("a", ARRIVE, VIDEO, 1)], False, []),
        # in the hall and on video: leaving the call does not take one out of the hall
        (
            [ev("a", ARRIVE, STAFF, 1), ev("a", RETURN, VIDEO, 2), ev("a", LEAVE, VIDEO, 3)],
            True,
            ["a"],
        ),
        # the clerk's "left" ends video presence too, until the councillor connects again
        ([ev("a", ARRIVE, VIDEO, 1), ev("a", LEAVE, STAFF, 2)], True, []),
        (
            [ev("a", ARRIVE, VIDEO, 1), ev("a", LEAVE, STAFF, 2), ev("a", RETURN, VIDEO, 3)],
            True,
            ["a"],
        ),
        # order of recording, not of arrival in the list
        ([ev("a", LEAVE, STAFF, 2), ev("a", ARRIVE, STAFF, 1)], True, []),
        ([ev("b", ARRIVE, STAFF, 1), ev("a", ARRIVE, SELF, 1)], True, ["a", "b"]),
    ],
)
def test_presence_from_sources(events, video_counts, expected):
    assert present_ids(events, video_counts) == expected


def test_status_keeps_sources_apart():
    status = presence(
        [ev("a", ARRIVE, STAFF, 1), ev("a", RETURN, VIDEO, 5), ev("a", LEAVE, VIDEO, 9)]
    )["a"]
    assert status.present and status.hall and not status.video
    assert status.sources == {STAFF: ARRIVE, VIDEO: LEAVE}
    assert status.since == 1


def test_next_kind():
    events = [ev("a", ARRIVE, STAFF, 1), ev("a", LEAVE, STAFF, 2)]
    assert next_kind([], "a", True) == ARRIVE
    assert next_kind(events, "a", True) == RETURN
    assert next_kind(events, "b", True) == ARRIVE
    assert next_kind(events, "a", False) == LEAVE


def people(count, at=1, source=STAFF):
    return [ev(f"c{n:02d}", ARRIVE, source, at, n) for n in range(count)]


def test_check_is_current():
    events = people(11)
    check = Check(at=2, actor="staff", seats=21, present=11, quorate=True)
    assert check_is_current(check, events, 21)
    assert not check_is_current(None, events, 21)
    assert not check_is_current(Check(2, "staff", 21, 10, False), events, 21)
    assert not check_is_current(Check(2, "staff", 33, 11, True), events, 21)  # seats changed
    # one leaves: quorum lost, the check no longer holds
    gone = events + [ev("c00", LEAVE, STAFF, 3)]
    assert not check_is_current(check, gone, 21)
    # even when enough come back: a new check is needed after a loss (e.g. after a break)
    back = gone + [ev("c00", RETURN, STAFF, 4)]
    assert not check_is_current(check, back, 21)
    # more people coming does not spoil it
    more = events + [ev("c15", ARRIVE, STAFF, 3)]
    assert check_is_current(check, more, 21)


def test_quorum_state():
    state = quorum_state(people(10), 21, None)
    assert (state["present"], state["required"], state["quorate"], state["may_act"]) == (
        10,
        11,
        False,
        False,
    )
    events = people(11)
    state = quorum_state(events, 21, Check(2, "staff", 21, 11, True))
    assert state["quorate"] and state["check_current"] and state["may_act"]
    assert state["present_ids"] == [f"c{n:02d}" for n in range(11)]


@pytest.mark.parametrize(
    "intervals, present_now, first_in, expected",
    [
        ([(10, 20)], False, None, [(ARRIVE, 10), (LEAVE, 20)]),
        ([(10, 20)], True, None, [(ARRIVE, 10)]),
        ([(10, 20), (30, 40)], True, None, [(ARRIVE, 10), (LEAVE, 20), (RETURN, 30)]),
        ([(10, 20)], False, 5, [(RETURN, 10), (LEAVE, 20)]),  # was in the hall before
        ([(10, 20)], False, 15, [(ARRIVE, 10), (LEAVE, 20)]),
    ],
)
def test_video_events(intervals, present_now, first_in, expected):
    assert video_events(intervals, present_now, first_in) == expected
