"""Barceloneta's static index.html names the mobile menu's close button "Close" in English.

The Diazo rules copy every other label from the page Plone renders (translated); this one
button has no counterpart there, so after the theme is applied (plone.app.theming's transform
runs at 8850) its label is set in the reader's language.
"""

from plone.transformchain.interfaces import ITransform
from ratusha import _
from ratusha.interfaces import IRatushaLayer
from repoze.xmliter.serializer import XMLSerializer
from zope.component import adapter
from zope.i18n import translate
from zope.interface import implementer
from zope.interface import Interface


CLOSE = _("label_close_menu", default="Close the menu")
BUTTONS = "//*[@id='offcanvasNavbar']//button[@data-bs-dismiss='offcanvas']"


@implementer(ITransform)
@adapter(Interface, IRatushaLayer)
class ThemeLabels:
    order = 8860

    def __init__(self, published, request):
        self.published = published
        self.request = request

    def transformBytes(self, result, encoding):
        return None

    def transformUnicode(self, result, encoding):
        return None

    def transformIterable(self, result, encoding):
        if not isinstance(result, XMLSerializer):  # not a themed HTML page
            return None
        label = translate(CLOSE, context=self.request)
        for button in result.tree.xpath(BUTTONS):
            button.set("aria-label", label)
        return result
