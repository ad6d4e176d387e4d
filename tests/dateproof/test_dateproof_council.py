"""Council deadlines at awkward moments: the notice before a session (agenda and materials),
committee opinions due the day before, the protocol's correction period and the publication
of acts, all counted in Sofia days from the moment."""

from council_helpers import convened_session
from council_helpers import COUNCILLORS
from council_helpers import make_item
from council_helpers import make_session
from council_helpers import STAFF
import datetime
from moments import SOFIA
from moments import today
from moments import wall
from plone import api
from ratusha.council import attendance
from ratusha.council import lifecycle
from ratusha.council import opinions
from ratusha.council.protocol import corrections
from ratusha.council.protocol import publication


DAY = datetime.timedelta(days=1)


def problems(session, transition="convene"):
    return [str(p) for p in lifecycle.problems(session, transition)]


def committee_of(council):
    with api.env.adopt_roles(["Manager"]):
        return api.content.create(
            container=council,
            type="Committee",
            title="Бюджет",
            chair="cllr04",
            secretary=STAFF,
            members=["cllr04", "cllr05"],
        )


def step(session, transition):
    with api.env.adopt_user(username=STAFF):
        api.content.transition(obj=session, transition=transition)


def test_notice_and_committee_opinions_count_sofia_days(council, moment):
    day = today()
    committee = committee_of(council).UID()
    in_time = make_session(start=wall(day + 7 * DAY, 10), title="Седем дни")
    asked = make_item(in_time, committees=[committee])
    short = make_session(start=wall(day + 6 * DAY, 18), title="Шест дни")
    make_item(short)
    assert problems(in_time) == []
    assert problems(short) == ["problem_short_notice"]
    [opinion] = opinions.opinions_of(asked)
    assert opinion.deadline == day + 6 * DAY  # the day before the session
    late = make_item(in_time, title="Закъсняло", committees=[committee], opinion_deadline=day - DAY)
    due = make_item(in_time, title="Днес", committees=[committee], opinion_deadline=day)
    overdue = {
        item.getId(): opinions.describe(opinions.opinions_of(item)[0])["overdue"]
        for item in (asked, late, due)
    }
    assert overdue == {asked.getId(): False, late.getId(): True, due.getId(): False}
    assert opinions.flag_overdue() == 1


def test_corrections_and_publication_run_seven_sofia_days(council, moment):
    day, now = today(), datetime.datetime.now(SOFIA)
    start = max(wall(day, 0), now - datetime.timedelta(minutes=30))
    moment.move_to(now - 10 * DAY)  # convened with ten days' notice ...
    session = convened_session(start=start)
    moment.move_to(now)  # ... and held now
    with api.env.adopt_user(username=STAFF):
        for user in COUNCILLORS[:15]:
            attendance.record_presence(session, user, True, "staff")
        attendance.record_quorum_check(session)
    for transition in ("open", "close", "start_correction"):
        step(session, transition)
    corrections.file_request(session, "cllr02", "Да се поправи името на докладчика.")
    period = corrections.period(session)
    assert period["open"] and period["last_day"] == (day + 7 * DAY).isoformat()
    status = publication.status(session)
    assert status == dict(status, deadline=(day + 7 * DAY).isoformat(), status="due")
