"""The join page's preview while no Jitsi is connected: the room, who the person joins as and
the rights their token would carry, so the demo shows what a participant would get, with no
pretend video."""

from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ratusha import _
from ratusha.meetings.join import preview_for_user


# what the token allows, as the person reads it: (what grants it, label); "moderator" is the
# host's controls on the page, the others are the token's context.features
RIGHTS = (
    ("moderator", _("video_right_lobby", default="turn the lobby on and admit who knocks")),
    ("moderator", _("video_right_mute", default="mute everyone")),
    ("recording", _("video_right_record", default="record and stream")),
    ("create-polls", _("video_right_polls", default="create polls")),
    ("screen-sharing", _("video_right_screen", default="share your screen")),
    ("send-groupchat", _("video_right_chat", default="write in the chat")),
)


class JoinPreview(BrowserView):
    template = ViewPageTemplateFile("templates/join_preview.pt")

    def __call__(self):
        self.data = preview_for_user(self.context)
        return self.template()

    def rights(self):
        granted = {"moderator": self.data["moderator"], **self.data["features"]}
        return [label for key, label in RIGHTS if granted.get(key)]

    def lobby(self):
        if not self.data["lobby"]:
            return _("video_preview_no_lobby", default="The room has no lobby.")
        if self.data["lobby_bypass"]:
            return _("video_preview_lobby_bypass", default="You enter directly: you are invited.")
        return _(
            "video_preview_lobby_wait", default="You wait in the lobby until a host admits you."
        )
