"""The second-factor pages show the site without what a signed-in user sees: until the second
factor is proven, no navigation, no search, no toolbar with the user's name."""

from plone.app.layout.globals.interfaces import IBodyClassAdapter
from plone.app.layout.viewlets.common import ViewletBase
from plone.app.viewletmanager.manager import OrderedViewletManager
from ratusha.interfaces import IRatushaLayer
from zope.interface import alsoProvides
from zope.interface import implementer


class ISecondFactorPending(IRatushaLayer):
    """Marks the request of a second-factor page; the viewlets of the site's chrome render
    nothing for it."""


class Nothing(ViewletBase):
    def render(self):
        return ""


def bare(request):
    """Render this request's page without navigation, search, breadcrumbs and toolbar."""
    alsoProvides(request, ISecondFactorPending)
    request.set("disable_toolbar", True)


class NoToolbar(OrderedViewletManager):
    """The toolbar would name the user and offer the site's actions."""

    def render(self):
        return ""


@implementer(IBodyClassAdapter)
class BodyClass:
    """`ratusha-second-factor` on the body: ratusha.css hides the theme's empty navigation bar."""

    def __init__(self, context, request):
        self.context = context
        self.request = request

    def get_classes(self, template, view):
        return ["ratusha-second-factor"]
