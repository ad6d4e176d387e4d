"""Collect the personal-room panels the capabilities registered."""

from ratusha.personal.interfaces import IPersonalRoomPanel
from zope.component import getAdapters
from zope.i18n import translate


def get_panels(context, request, kind=IPersonalRoomPanel):
    """Available panels of `kind` (the personal room's, or the front page's), ordered, as
    (name, panel) pairs."""
    found = [
        (name, panel) for name, panel in getAdapters((context, request), kind) if panel.available()
    ]
    return sorted(found, key=lambda pair: (pair[1].order, pair[0]))


def panel_data(name, panel, request):
    return {
        "id": name,
        "title": translate(panel.title, context=request),
        "order": panel.order,
        "count": panel.count(),
        "items": panel.items(),
    }
