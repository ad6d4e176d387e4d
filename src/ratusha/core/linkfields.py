"""Stored links in schemas and templates: the Zope side of ratusha.core.links."""

from Products.Five.browser import BrowserView
from ratusha import _
from ratusha.core.links import safe_link
from zope.schema import ValidationError


class NotAWebLink(ValidationError):
    __doc__ = _("error_web_link", default="Give an address that starts with http:// or https://.")


def web_link(value) -> bool:
    """Constraint of URI fields shown as links: absolute http(s) addresses only."""
    if value and safe_link(value, site_paths=False) is None:
        raise NotAWebLink(value)
    return True


class SafeLinkView(BrowserView):
    """@@safe-link: templates check a stored link again before it becomes an href (values stored
    before the check existed may hold anything): `python:link(context.recording_url)`."""

    def __call__(self, value, site_paths=False):
        return safe_link(value, site_paths=site_paths) or ""
