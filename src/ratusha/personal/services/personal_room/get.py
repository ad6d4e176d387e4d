"""GET @personal-room: the same panels as the page, as JSON."""

from plone import api
from plone.restapi.services import Service
from ratusha.personal.browser.home import PersonalRoomView
from ratusha.personal.panels import get_panels
from ratusha.personal.panels import panel_data


class PersonalRoomGet(Service):
    def reply(self):
        user = api.user.get_current()
        room = PersonalRoomView(self.context, self.request)
        return {
            "@id": f"{self.context.absolute_url()}/@personal-room",
            "user": {
                "id": user.getId(),
                "fullname": user.getProperty("fullname", ""),
                "roles": sorted(r for r in user.getRoles() if r != "Authenticated"),
            },
            "greeting": room.greeting(),
            "today": room.today(),
            "panels": [
                panel_data(name, panel, self.request)
                for name, panel in get_panels(self.context, self.request)
            ],
        }
