"""The contract a capability implements to put a panel in the personal room."""

from zope.interface import Attribute
from zope.interface import Interface


class IPersonalRoomPanel(Interface):
    """A named multi-adapter of (site root, request).

    Register one per capability, e.g. in registry/configure.zcml:
    <adapter name="registry.worklist" factory=".panel.WorklistPanel"
             for="plone.base.interfaces.IPloneSiteRoot ratusha.interfaces.IRatushaLayer"
             provides="ratusha.personal.interfaces.IPersonalRoomPanel" />
    """

    order = Attribute("Sort key; lower comes first")
    title = Attribute("Translatable panel heading")
    icon = Attribute("Bootstrap icon name shown by the heading")

    def available():
        """True when the panel applies to the current user."""

    def count():
        """Number shown as a badge (e.g. unread or overdue items); 0 hides the badge."""

    def items():
        """JSON-safe list of dicts with at least 'title' and 'url', for REST and the page."""

    def render():
        """HTML of the panel body for the page."""


class IPublicFrontPanel(Interface):
    """A named multi-adapter of (site root, request): a section of the citizens' front page,
    shown above what the municipality published (the convened council session, for one)."""

    order = Attribute("Sort key; lower comes first")

    def available():
        """True when the section has something to show."""

    def render():
        """HTML of the section."""
