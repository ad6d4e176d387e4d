"""Without a Jitsi (the demo), the join page previews what the person's token would carry."""

from plone import api
from zope.component import getMultiAdapter


MEETING = "Оперативка на дирекция „Финанси и бюджет“"


def demo_meeting():
    catalog = api.portal.get_tool("portal_catalog")
    return next(
        b._unrestrictedGetObject()
        for b in catalog.unrestrictedSearchResults(portal_type="Meeting")
        if b.Title == MEETING
    )


def preview(meeting, request, user):
    with api.env.adopt_user(username=user):
        view = getMultiAdapter((meeting, request), name="join-preview")
        return view(), view


def test_the_preview_names_the_room_the_person_and_their_rights(demo):
    meeting = demo_meeting()
    request = demo["request"]

    html, participant = preview(meeting, request, "employee")
    assert "Иван Стоянов" in html and participant.data["room"].startswith("ratusha-")
    assert participant.data["room"] in html
    assert not participant.data["moderator"] and participant.data["lobby_bypass"]
    assert participant.rights() == ["video_right_screen", "video_right_chat"]

    html, host = preview(meeting, request, "director.finance")
    assert "Петър Николов" in html and host.data["moderator"]
    assert host.data["room"] == participant.data["room"]
    assert "video_right_lobby" in host.rights() and "video_right_record" in host.rights()


def test_the_join_page_shows_the_preview_and_no_video_stage(demo):
    meeting = demo_meeting()
    with api.env.adopt_user(username="employee"):
        html = getMultiAdapter((meeting, demo["request"]), name="join")()
    assert 'id="video-not-configured"' in html and 'id="video-preview"' in html
    assert 'id="ratusha-video"' not in html
