"""The PAS plugin: directory users log in, show up, carry properties, groups and mapped roles.

It keeps no data of its own: settings come from plone.registry and answers from the
process's `Directory` (client.py). When the directory is off, unconfigured or down, every
method answers "nothing here" at once, so local Plone and Zope accounts are unaffected.
"""

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from Acquisition import aq_base
from Acquisition import aq_parent
import hashlib
import logging
from Products.PlonePAS.interfaces.group import IGroupIntrospection
from Products.PlonePAS.plugins.group import PloneGroup
from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin
from Products.PluggableAuthService.interfaces.plugins import IGroupEnumerationPlugin
from Products.PluggableAuthService.interfaces.plugins import IGroupsPlugin
from Products.PluggableAuthService.interfaces.plugins import IPropertiesPlugin
from Products.PluggableAuthService.interfaces.plugins import IRolesPlugin
from Products.PluggableAuthService.interfaces.plugins import IUserEnumerationPlugin
from Products.PluggableAuthService.plugins.BasePlugin import BasePlugin
from ratusha.access.interfaces import ILoginLocks
from ratusha.core.login import announce_failure
from ratusha.directory import rules
from ratusha.directory.client import DirectoryUnavailable
from ratusha.directory.client import get_directory
from ratusha.directory.client import LoginRefused
from ratusha.directory.events import DirectoryLoginFailed
from ratusha.directory.settings import current_config
from zope.component import queryUtility
from zope.event import notify
from zope.globalrequest import getRequest
from zope.interface import implementer


logger = logging.getLogger("ratusha.directory")

PLUGIN_ID = "ratusha_ldap"
SPECIAL_GROUPS = ("AuthenticatedUsers",)
ANSWERS = "ratusha.directory.logins"  # this request's bind answers, by login and password hash
_reported_hidden = set()  # log each hidden directory group once per process


def is_group(principal):
    """PloneGroup says so; users may acquire an unrelated `isGroup` from portal_groups."""
    is_group = getattr(aq_base(principal), "isGroup", None)
    return bool(is_group()) if callable(is_group) else False


@implementer(
    IAuthenticationPlugin,
    IUserEnumerationPlugin,
    IPropertiesPlugin,
    IGroupsPlugin,
    IGroupEnumerationPlugin,
    IGroupIntrospection,
    IRolesPlugin,
)
class DirectoryPlugin(BasePlugin):
    """Users and groups from LDAP / Active Directory (ldap3), with group → role mapping."""

    meta_type = "Ratusha Directory Plugin"
    security = ClassSecurityInfo()

    def __init__(self, id, title=""):
        self._setId(id)
        self.title = title

    # --- plumbing --------------------------------------------------------------------------

    def _config(self):
        return current_config(self)

    def _directory(self):
        config = self._config()
        return get_directory(config) if config is not None else None

    def _local_group_ids(self):
        groups = getattr(aq_parent(self), "source_groups", None)
        local = list(groups.getGroupIds()) if groups is not None else []
        return set(local) | set(SPECIAL_GROUPS)

    def _is_local_login(self, login):
        """Logins of the site's own accounts and of the Zope administrators never go to the
        directory: they work while it is down, and a directory entry cannot take them over."""
        users = getattr(aq_parent(self), "source_users", None)
        try:
            if users is not None and users.getUserIdForLogin(login) is not None:
                return True
        except KeyError:
            pass
        root = getattr(self.getPhysicalRoot(), "acl_users", None)
        return root is not None and root.getUser(login) is not None

    def _visible(self, group_ids):
        shown, hidden = rules.visible_group_ids(group_ids, self._local_group_ids())
        for group_id in hidden:
            if group_id not in _reported_hidden:
                _reported_hidden.add(group_id)
                logger.warning(
                    "directory group %r has the id of a local Plone group: not shown as a Plone "
                    "group and gives no roles unless mapped",
                    group_id,
                )
        return shown

    def _ask(self, question, default):
        """Run a question against the directory; when it is down, answer `default`."""
        directory = self._directory()
        if directory is None:
            return default
        try:
            return question(directory)
        except DirectoryUnavailable:
            return default

    def _user(self, directory, user_id):
        return directory.user_by_id(user_id)

    def _group(self, directory, group_id):
        if not group_id or not rules.visible_group_ids([group_id], self._local_group_ids())[0]:
            return None
        return directory.group_by_id(group_id)

    # --- IAuthenticationPlugin -------------------------------------------------------------

    @security.private
    def authenticateCredentials(self, credentials):
        """Bind as the user at most once per request, and never while the login is locked.

        PAS, the REST login and the audit of refusals may each ask in one request; they share
        the first answer, so one attempt is one bind, and a locked account is no bind at all.
        """
        login = credentials.get("login")
        password = credentials.get("password")
        if not isinstance(login, str) or not isinstance(password, str) or not login or not password:
            return None
        directory = self._directory()
        if directory is None or self._is_local_login(login):
            return None
        request = getRequest()
        memo = getattr(request, "other", None)
        answers = memo.setdefault(ANSWERS, {}) if memo is not None else {}
        key = (login, hashlib.sha256(password.encode("utf-8", "surrogatepass")).hexdigest())
        if key not in answers:
            answers[key] = self._bind(directory, login, password, request)
        return answers[key]

    def _bind(self, directory, login, password, request):
        locks = queryUtility(ILoginLocks)
        if locks is not None and locks.locked(login, request):
            if request is not None:
                announce_failure(login, request, reason="locked")
            return None
        try:
            user = directory.authenticate(login, password)
        except LoginRefused as refused:
            if refused.account_exists:
                logger.info("directory login refused for %r: %s", login, refused.reason)
                notify(DirectoryLoginFailed(login, refused.reason))
            return None
        except DirectoryUnavailable as error:
            logger.warning(
                "directory login for %r impossible, directory unavailable: %s", login, error
            )
            notify(DirectoryLoginFailed(login, f"directory unavailable: {error}"))
            return None
        return user.id, user.login

    # --- IUserEnumerationPlugin ------------------------------------------------------------

    @security.private
    def enumerateUsers(
        self, id=None, login=None, exact_match=False, sort_by=None, max_results=None, **kw
    ):
        config = self._config()
        if config is None:
            return ()
        limit = min(max_results or config.max_results, config.max_results)
        kw.pop("name", None)  # PAS has copied it to `login` already

        def question(directory):
            preset = directory.preset
            if id:
                ids = [id] if isinstance(id, str) else list(id)
                if exact_match or not isinstance(id, str):
                    users = [self._user(directory, user_id) for user_id in ids]
                    return [user for user in users if user is not None]
            clauses = []
            if id and not exact_match:
                clauses.append(rules.search_filter(preset.search_attributes, id, exact=False))
            if login:
                logins = [login] if isinstance(login, str) else list(login)
                clauses.append(
                    rules.or_filter(
                        [
                            rules.search_filter(
                                preset.login_attributes,
                                value,
                                exact_match or not isinstance(login, str),
                            )
                            for value in logins
                        ]
                    )
                )
            for name, value in kw.items():
                if not value:
                    continue
                clause = rules.property_filter(preset.property_map, name, value, exact_match)
                if clause is None:
                    return []
                clauses.append(clause)
            return directory.find_users(rules.and_filter(*clauses) if clauses else "", limit=limit)

        users = self._ask(question, [])
        if sort_by in ("login", "fullname", "title"):
            users = sorted(
                users, key=lambda user: (user.login if sort_by == "login" else user.title).lower()
            )
        return tuple(
            {
                "id": user.id,
                "login": user.login,
                "pluginid": self.getId(),
                "title": user.title,
                "fullname": user.properties.get("fullname", ""),
                "email": user.properties.get("email", ""),
            }
            for user in users[:limit]
        )

    # --- IPropertiesPlugin -----------------------------------------------------------------

    @security.private
    def getPropertiesForUser(self, user, request=None):
        principal_id = user.getId()
        if is_group(user):
            group = self._ask(lambda directory: self._group(directory, principal_id), None)
            if group is None:
                return {}
            return {"title": group.title, "description": group.description}
        entry = self._ask(lambda directory: self._user(directory, principal_id), None)
        return dict(entry.properties) if entry is not None else {}

    # --- IGroupsPlugin ---------------------------------------------------------------------

    @security.private
    def getGroupsForPrincipal(self, principal, request=None):
        principal_id = principal.getId()

        def question(directory):
            if is_group(principal):
                group = self._group(directory, principal_id)
                return directory.groups_of_group(group) if group is not None else ()
            user = self._user(directory, principal_id)
            return directory.groups_of_user(user) if user is not None else ()

        return tuple(self._visible([group.id for group in self._ask(question, ())]))

    # --- IRolesPlugin ----------------------------------------------------------------------

    @security.private
    def getRolesForPrincipal(self, principal, request=None):
        config = self._config()
        if config is None:
            return ()
        principal_id = principal.getId()

        def question(directory):
            if is_group(principal):
                group = self._group(directory, principal_id)
                if group is None:
                    return set()
                return rules.mapped_roles(config.role_mapping, [(group.dn, group.id)])
            user = self._user(directory, principal_id)
            if user is None:
                return set()
            groups = directory.groups_of_user(user)
            return set(config.default_roles) | rules.mapped_roles(
                config.role_mapping, [(group.dn, group.id) for group in groups]
            )

        return tuple(sorted(self._ask(question, set())))

    @security.private
    def user_ids_with_role(self, role):
        """Every directory user holding the role through the mapping (or by default)."""
        config = self._config()
        if config is None:
            return set()

        def question(directory):
            user_ids = set()
            if role in config.default_roles:
                user_ids.update(directory.all_user_ids())
            for key in rules.groups_for_role(config.role_mapping, role):
                group = directory.resolve_group(key)
                if group is None:
                    logger.warning("role mapping %s: no directory group %r", role, key)
                    continue
                user_ids.update(directory.users_in_group(group))
            return user_ids

        return self._ask(question, set())

    # --- IGroupEnumerationPlugin -----------------------------------------------------------

    @security.private
    def enumerateGroups(
        self, id=None, title=None, exact_match=False, sort_by=None, max_results=None, **kw
    ):
        config = self._config()
        kw.pop("name", None)  # PAS has copied it to `title` already
        if config is None or any(kw.values()):
            return ()
        limit = min(max_results or config.max_results, config.max_results)

        def question(directory):
            preset = directory.preset
            if id and exact_match:
                ids = [id] if isinstance(id, str) else list(id)
                groups = [self._group(directory, group_id) for group_id in ids]
                return [group for group in groups if group is not None]
            clauses = []
            if id:
                clauses.append(
                    rules.search_filter(
                        [preset.group_id_attribute, preset.group_title_attribute], id, exact=False
                    )
                )
            if title:
                clauses.append(
                    rules.search_filter([preset.group_title_attribute], title, exact_match)
                )
            if not clauses:
                return list(directory.all_groups())
            return directory.find_groups(rules.and_filter(*clauses), limit=limit)

        groups = self._ask(question, [])
        visible = set(self._visible([group.id for group in groups]))
        return tuple(
            {"id": group.id, "groupid": group.id, "title": group.title, "pluginid": self.getId()}
            for group in groups
            if group.id in visible
        )[:limit]

    # --- IGroupIntrospection (PlonePAS): groups show up as Plone groups --------------------

    @security.private
    def getGroupById(self, group_id, default=None):
        group = self._ask(lambda directory: self._group(directory, group_id), None)
        if group is None:
            return default
        return self._plone_group(group)

    def _plone_group(self, group):
        """A PloneGroup decorated with its properties, groups and roles, as PlonePAS does."""
        pas = aq_parent(self)
        plugins = pas._getOb("plugins")
        principal = PloneGroup(group.id, group.title).__of__(pas)
        for sheet_id, provider in plugins.listPlugins(IPropertiesPlugin):
            data = provider.getPropertiesForUser(principal, None)
            if data:
                principal.addPropertysheet(sheet_id, data)
        principal._addGroups(pas._getGroupsForPrincipal(principal, None, plugins=plugins))
        for _role_id, roles_plugin in plugins.listPlugins(IRolesPlugin):
            roles = roles_plugin.getRolesForPrincipal(principal, None)
            if roles:
                principal._addRoles(roles)
        principal._addRoles(["Authenticated"])
        return principal.__of__(self)

    @security.private
    def getGroups(self):
        return [self.getGroupById(group_id) for group_id in self.getGroupIds()]

    @security.private
    def getGroupIds(self):
        groups = self._ask(lambda directory: directory.all_groups(), ())
        return self._visible([group.id for group in groups])

    @security.private
    def getGroupMembers(self, group_id):
        def question(directory):
            group = self._group(directory, group_id)
            if group is None:
                return ()
            user_ids, group_ids = directory.group_members(group)
            return tuple(user_ids) + tuple(self._visible(group_ids))

        return self._ask(question, ())


InitializeClass(DirectoryPlugin)
