"""Where access is enforced, whatever way a person logged in.

After traversal (PAS has authenticated the request): a locked account or address is refused
even with the right password, and a user who needs the second factor gets nothing but the
two-factor pages until this session or token has passed it.
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SpecialUsers import nobody
from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
import inspect
from OFS.Image import File as OFSFile
from plone import api
from plone.resource.directory import FilesystemResourceDirectory
from plone.resource.directory import PersistentResourceDirectory
from plone.resource.file import FilesystemFile
from plone.rest.interfaces import IAPIRequest
from plone.rest.service import Service
from ratusha.access import attempts
from ratusha.access import openings
from ratusha.access import proof
from ratusha.access import twofactor
from ratusha.audit.interfaces import request_fields
from ratusha.core.login import announce_failure
from ratusha.core.login import attempted_login
from ratusha.core.login import authorization_header
from ratusha.core.login import in_site
from urllib.parse import urlencode
from zExceptions import Redirect
from zExceptions import Unauthorized
from zope.browserresource.resource import Resource
from zope.publisher.interfaces.browser import IBrowserView


RESOURCE_FOLDER = "portal_resources"  # plone.resource's through-the-web folder
RESOURCES = (Resource, FilesystemFile, FilesystemResourceDirectory, PersistentResourceDirectory)


def _published_kind(published) -> tuple[str, str]:
    """What traversal ended on: (kind, registered name), for `openings.is_open`.

    A resource answers through a method (`GET`, `index_html`) of itself; a method of anything
    else is not a resource, and not the view it belongs to either.
    """
    target = published.__self__ if inspect.ismethod(published) else published
    if isinstance(target, RESOURCES) or _in_resource_folder(target):
        return openings.RESOURCE, ""
    if target is not published:
        return openings.OTHER, ""
    name = getattr(published, "__name__", "") or ""
    if isinstance(published, Service):
        return openings.SERVICE, name
    if IBrowserView.providedBy(published):
        return openings.VIEW, name
    return openings.OTHER, name


def _in_resource_folder(target) -> bool:
    """A file uploaded into a through-the-web theme or resource folder (portal_resources)."""
    return isinstance(target, OFSFile) and RESOURCE_FOLDER in target.getPhysicalPath()


def _is_open(request) -> bool:
    return openings.is_open(*_published_kind(request.get("PUBLISHED")))


def _site_user(user) -> bool:
    """Users of the site's own PAS; the Zope root's administrators are not subject to 2FA.

    The user folder that authenticated a user wraps it: comparing that folder is enough, where a
    lookup by id cost a millisecond on every signed-in request.
    """
    site_users = api.portal.get_tool("acl_users")
    folder = aq_parent(aq_inner(user))
    if folder is None:
        return site_users.getUserById(user.getId()) is not None
    return aq_base(folder) is aq_base(site_users)


def refuse_locked(request) -> None:
    login = attempted_login(request)
    if login is None:
        return
    address = request_fields(request)["client_ip"]
    if not attempts.any_locked((attempts.account_key(login), attempts.address_key(address))):
        return
    announce_failure(login, request, reason="locked")
    if "__ac_name" in request.form:
        newSecurityManager(request, nobody)  # the login form then says "Login failed"
        request.response.expireCookie("__ac", path="/")
        return
    raise Unauthorized("Too many failed logins; try again later.")


def require_second_factor(request) -> None:
    if api.user.is_anonymous():
        return
    user = api.user.get_current()
    if not _site_user(user):
        return
    user_id = user.getId()
    if not (twofactor.is_enrolled(user_id) or twofactor.is_required(user)):
        return
    if proof.proven(request, user_id, authorization_header(request)) or _is_open(request):
        return
    if IAPIRequest.providedBy(request) or authorization_header(request):
        raise Unauthorized("Two-factor authentication is required for this account.")
    portal_url = api.portal.get().absolute_url()
    target = "two-factor" if twofactor.is_enrolled(user_id) else "two-factor-setup"
    came_from = request.get("ACTUAL_URL", portal_url)
    raise Redirect(f"{portal_url}/@@{target}?{urlencode({'came_from': came_from})}")


def after_traversal(event):
    if not in_site():
        return
    refuse_locked(event.request)
    require_second_factor(event.request)
