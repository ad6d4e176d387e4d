"""A committee's opinion reads one deadline everywhere: the panel, the notice that asked for it
and the overdue flag come from the opinion, due the day before the session unless the item says
otherwise (docs/council.md)."""

import datetime
from plone import api
from ratusha.core.dates import SOFIA
from ratusha.council import opinions
from ratusha.notifications.storage import get_inbox


def test_demo_opinions_due_the_day_before_the_session_as_their_notices_say(demo):
    portal = demo["portal"]
    session = portal.council["zasedanie-12"]
    held = session.start.astimezone(SOFIA).date()
    open_ones = [o for o in opinions.find(unrestricted=True) if not o.is_given()]
    assert open_ones
    for opinion in open_ones:
        item = opinion.aq_parent
        if item.opinion_deadline is None:
            assert opinion.deadline == held - datetime.timedelta(days=1)
        else:
            assert opinion.deadline == item.opinion_deadline
        chair = opinion.committee_object().chair
        asked = [
            n
            for n in get_inbox(portal, chair).notices()
            if n.kind == "council.opinion-asked" and item.absolute_url().endswith(n.url)
        ]
        assert asked, (chair, item.Title())
        assert all(opinions.deadline_text(opinion) in n.body for n in asked), (
            [n.body for n in asked],
            opinions.deadline_text(opinion),
        )


def test_opinion_panel_shows_the_deadline_of_the_notice(demo):
    from ratusha.personal.panels import get_panels

    request = demo["request"]
    from ratusha.interfaces import IRatushaLayer
    from zope.interface import alsoProvides

    alsoProvides(request, IRatushaLayer)
    opinion = next(o for o in opinions.find(unrestricted=True) if not o.is_given())
    chair = opinion.committee_object().chair
    with api.env.adopt_user(chair):
        panel = dict(get_panels(demo["portal"], request))["council.opinions"]
        shown = {row["url"]: row["deadline"] for row in panel.items()}
    assert shown[opinion.absolute_url()] == opinions.deadline_text(opinion)
