"""Install-time pieces of the privacy capability."""

from plone.base.interfaces import INonInstallable
from zope.interface import implementer


@implementer(INonInstallable)
class HiddenProfiles:
    """The profile comes with ratusha:default; it is not offered on its own."""

    def getNonInstallableProfiles(self):
        return ["ratusha.privacy:default"]
