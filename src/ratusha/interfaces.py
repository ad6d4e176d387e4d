"""Interfaces shared by every capability."""

from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IRatushaLayer(IDefaultBrowserLayer):
    """Browser layer: views and overrides apply only where Ratusha is installed."""
