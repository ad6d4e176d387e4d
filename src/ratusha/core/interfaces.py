"""What core calls and capabilities provide, so that core imports no capability."""

from zope.interface import Attribute
from zope.interface import Interface


class IDemoStep(Interface):
    """Named utility: a capability's share of the demo municipality.

    Called by the demo profile after the people exist, in ascending `order`.
    """

    order = Attribute("Sort key: lower runs first (people's welcome, registry, meetings, council).")

    def __call__(portal):
        """Create the capability's demo content (once; calling again changes nothing)."""


class IUninstallStep(Interface):
    """Named utility: what a capability leaves behind on the site and removes on uninstall."""

    def __call__(portal):
        """Remove the capability's site-wide data."""
