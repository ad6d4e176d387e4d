"""What Ratusha asks the directory: users, logins, groups, memberships (ldap3, no Zope).

One Directory per configuration per process (`get_directory`): a changed setting simply
yields a new one. Answers are cached with a TTL so a page listing fifty principals does not
cost fifty round trips; password checks never are. Every filter comes from `rules`, every
round trip goes through the `Connector` (pool, TLS, timeouts, breaker).
"""

import dataclasses
from ldap3 import BASE
from ldap3.core.exceptions import LDAPException
from ratusha.directory import rules
from ratusha.directory.cache import TTLCache
from ratusha.directory.connection import Connector
from ratusha.directory.connection import describe
from ratusha.directory.connection import DirectoryUnavailable
from ratusha.directory.presets import DISABLED_ATTRIBUTES
import threading


__all__ = ["Directory", "DirectoryUnavailable", "LoginRefused", "get_directory", "reset"]

SAMPLE_SIZE = 50
RDN_BATCH = 100


class LoginRefused(Exception):
    """A login that must fail; `reason` is for the log, the person sees PAS's usual failure."""

    def __init__(self, reason, account_exists):
        super().__init__(reason)
        self.reason = reason
        self.account_exists = account_exists


@dataclasses.dataclass(frozen=True)
class UserEntry:
    id: str
    login: str
    dn: str
    properties: dict = dataclasses.field(hash=False, compare=False)
    member_of: tuple = ()
    disabled: bool = False

    @property
    def title(self):
        return self.properties.get("fullname") or self.login


@dataclasses.dataclass(frozen=True)
class GroupEntry:
    id: str
    dn: str
    title: str
    description: str = ""


def as_text(raw):
    """Decode attribute values as UTF-8; a value that is not (a binary id) is left out."""
    text = {}
    for name, values in raw.items():
        decoded = []
        for value in values:
            if isinstance(value, bytes):
                try:
                    decoded.append(value.decode("utf-8"))
                except UnicodeDecodeError:
                    continue
            else:
                decoded.append(str(value))
        text[name] = decoded
    return text


class Directory:
    """Everything Ratusha asks the directory, for one configuration."""

    def __init__(self, config):
        self.config = config
        self.preset = config.preset
        self.cache = TTLCache(config.cache_ttl)
        self.ldap = Connector(config)

    def _user_filter(self, *clauses):
        return rules.and_filter(
            self.preset.user_filter, rules.not_disabled_filter(self.preset.disabled_rule), *clauses
        )

    def _group_filter(self, *clauses):
        return rules.and_filter(self.preset.group_filter, *clauses)

    def _user(self, dn, raw):
        preset = self.preset
        ids = raw.get(preset.user_id_attribute.lower()) or [None]
        user_id = rules.decode_id(preset.user_id_kind, ids[0])
        if not user_id:
            return None
        text = as_text({k: v for k, v in raw.items() if k != preset.user_id_attribute.lower()})
        login = next(
            (
                rules.first_value(text, attr)
                for attr in preset.login_attributes
                if rules.first_value(text, attr)
            ),
            None,
        )
        if not login:
            return None
        return UserEntry(
            id=user_id,
            login=login,
            dn=dn,
            properties=rules.member_properties(preset.property_map, text),
            member_of=tuple(text.get("memberof", ())),
            disabled=rules.is_disabled(preset.disabled_rule, text),
        )

    def _users(self, entries):
        users = (self._user(dn, raw) for dn, raw in entries)
        return [user for user in users if user is not None and not user.disabled]

    def _group(self, dn, raw):
        preset = self.preset
        text = as_text(raw)
        group_id = rules.first_value(text, preset.group_id_attribute)
        if not group_id:
            return None
        return GroupEntry(
            id=group_id,
            dn=dn,
            title=rules.first_value(text, preset.group_title_attribute) or group_id,
            description=rules.first_value(text, "description") or "",
        )

    def _groups(self, entries):
        return [group for group in (self._group(dn, raw) for dn, raw in entries) if group]

    # --- users -----------------------------------------------------------------------------

    def authenticate(self, login, password):
        """Bind as the user. Returns the UserEntry or raises LoginRefused / DirectoryUnavailable.

        The account is looked up fresh (not from the cache), so a just-disabled account is
        refused at once; the password check itself is never cached.
        """
        if not login or not password:
            raise LoginRefused("empty login or password", False)
        search_filter = rules.and_filter(
            self.preset.user_filter, rules.login_filter(self.preset.login_attributes, login)
        )
        entries = self.ldap.search(
            self.config.users_base_dn, search_filter, self.preset.user_attributes(), limit=2
        )
        users = [user for user in (self._user(dn, raw) for dn, raw in entries) if user]
        if not users:
            raise LoginRefused("unknown user", False)
        if len(users) > 1:
            raise LoginRefused("login matches more than one directory entry", True)
        user = users[0]
        if user.disabled:
            raise LoginRefused("account disabled", True)
        bound, result = self.ldap.bind_as(user.dn, password)
        if not bound:
            raise LoginRefused(
                rules.bind_failure_reason(result.get("description"), result.get("message")), True
            )
        self.cache.set(("user", user.id), user)
        return user

    def user_by_id(self, user_id):
        def lookup():
            clause = rules.id_filter(
                self.preset.user_id_attribute, self.preset.user_id_kind, user_id
            )
            if clause is None:
                return None
            entries = self.ldap.search(
                self.config.users_base_dn,
                self._user_filter(clause),
                self.preset.user_attributes(),
                limit=2,
            )
            users = self._users(entries)
            return users[0] if len(users) == 1 else None

        return self.cache.get_or_compute(("user", user_id), lookup)

    def find_users(self, clause="", limit=None):
        """Enabled users matching a filter clause (from rules); all of them without one."""
        entries = self.ldap.search(
            self.config.users_base_dn,
            self._user_filter(clause),
            self.preset.user_attributes(),
            limit=limit,
        )
        users = self._users(entries)
        for user in users:
            self.cache.set(("user", user.id), user)
        return users

    def all_user_ids(self):
        def lookup():
            entries = self.ldap.search(
                self.config.users_base_dn,
                self._user_filter(),
                [
                    self.preset.user_id_attribute,
                    *self.preset.login_attributes,
                    *self._disabled_attributes(),
                ],
            )
            return tuple(user.id for user in self._users(entries))

        return self.cache.get_or_compute(("all-users",), lookup)

    def _disabled_attributes(self):
        return DISABLED_ATTRIBUTES.get(self.preset.disabled_rule, ())

    def _users_by_dns(self, dns):
        """Resolve member DNs to users, a batch of RDN clauses per query."""
        wanted = {rules.normalise_dn(dn) for dn in dns}
        found = []
        for batch in rules.chunks(sorted(dns), RDN_BATCH):
            clause = rules.rdn_filter(batch)
            if not clause:
                continue
            for user in self.find_users(clause):
                if rules.normalise_dn(user.dn) in wanted:
                    found.append(user)
        return found

    # --- groups ----------------------------------------------------------------------------

    def all_groups(self):
        def lookup():
            entries = self.ldap.search(
                self.config.groups_base_dn, self._group_filter(), self.preset.group_attributes()
            )
            return tuple(sorted(self._groups(entries), key=lambda group: group.id.lower()))

        return self.cache.get_or_compute(("all-groups",), lookup)

    def _group_index(self):
        """Groups by lower-case id and by normalised DN, from one cached listing: asking
        "is X a directory group?" for every principal on a page costs no query."""

        def build():
            groups = self.all_groups()
            by_id = {group.id.lower(): group for group in groups}
            by_dn = {rules.normalise_dn(group.dn): group for group in groups}
            return by_id, by_dn

        return self.cache.get_or_compute(("group-index",), build)

    def group_by_id(self, group_id):
        return self._group_index()[0].get(group_id.lower())

    def group_by_dn(self, dn):
        return self._group_index()[1].get(rules.normalise_dn(dn))

    def find_groups(self, clause="", limit=None):
        entries = self.ldap.search(
            self.config.groups_base_dn,
            self._group_filter(clause),
            self.preset.group_attributes(),
            limit=limit,
        )
        return self._groups(entries)

    def _groups_by_dns(self, dns):
        return [group for group in map(self.group_by_dn, dns) if group is not None]

    def _parent_groups(self, dns):
        """Groups having any of these DNs as a direct member."""
        parents = []
        for batch in rules.chunks(sorted(dns), RDN_BATCH):
            parents.extend(
                self.find_groups(rules.member_of_any_filter(self.preset.member_attribute, batch))
            )
        return parents

    def _closure(self, direct):
        """Add the groups that contain these groups, level by level, cycles ignored."""
        found = {rules.normalise_dn(group.dn): group for group in direct}
        frontier = list(direct)
        while frontier and self.config.nested_groups:
            parents = self._parent_groups([group.dn for group in frontier])
            frontier = []
            for group in parents:
                key = rules.normalise_dn(group.dn)
                if key not in found:
                    found[key] = group
                    frontier.append(group)
        return tuple(sorted(found.values(), key=lambda group: group.id.lower()))

    def groups_of_user(self, user):
        """The groups a user belongs to, nested ones included when `nested_groups` is on."""

        def lookup():
            preset = self.preset
            if preset.membership == "in_chain" and self.config.nested_groups:
                return tuple(
                    self.find_groups(rules.in_chain_groups_filter(preset.member_attribute, user.dn))
                )
            if preset.membership == "memberof":
                member_of = [
                    dn for dn in user.member_of if rules.is_under(dn, self.config.groups_base_dn)
                ]
                direct = self._groups_by_dns(member_of) if member_of else []
            else:
                direct = self._parent_groups([user.dn])
            return self._closure(direct)

        return self.cache.get_or_compute(("groups-of", rules.normalise_dn(user.dn)), lookup)

    def groups_of_group(self, group):
        return self.cache.get_or_compute(
            ("groups-of", rules.normalise_dn(group.dn)),
            lambda: self._closure(self._parent_groups([group.dn])),
        )

    def group_members(self, group):
        """Direct members: (user ids, group ids)."""

        def lookup():
            entries = self.ldap.search(
                group.dn, "(objectClass=*)", [self.preset.member_attribute], scope=BASE
            )
            if not entries:
                return (), ()
            member_dns = as_text(entries[0][1]).get(self.preset.member_attribute.lower(), [])
            groups = self._groups_by_dns(member_dns)
            group_dns = {rules.normalise_dn(g.dn) for g in groups}
            user_dns = [dn for dn in member_dns if rules.normalise_dn(dn) not in group_dns]
            users = self._users_by_dns(user_dns)
            return tuple(sorted(u.id for u in users)), tuple(sorted(g.id for g in groups))

        return self.cache.get_or_compute(("members", rules.normalise_dn(group.dn)), lookup)

    def users_in_group(self, group):
        """Every user in the group, through nested groups too: user ids."""

        def lookup():
            if self.preset.membership == "in_chain" and self.config.nested_groups:
                users = self.find_users(rules.in_chain_members_filter(group.dn))
                return frozenset(user.id for user in users)
            user_ids, seen, frontier = set(), set(), [group]
            while frontier:
                current = frontier.pop()
                key = rules.normalise_dn(current.dn)
                if key in seen:
                    continue
                seen.add(key)
                direct_users, direct_groups = self.group_members(current)
                user_ids.update(direct_users)
                if self.config.nested_groups:
                    frontier.extend(filter(None, (self.group_by_id(gid) for gid in direct_groups)))
            return frozenset(user_ids)

        return self.cache.get_or_compute(("users-in", rules.normalise_dn(group.dn)), lookup)

    def resolve_group(self, key):
        """A role-mapping key (a DN or a group id) -> GroupEntry or None."""
        return self.group_by_dn(key) if "=" in key else self.group_by_id(key)

    # --- the administrator's "test connection" ---------------------------------------------

    def test_connection(self):
        """Connect, bind as the service account, sample users and groups; never raises.

        Runs past the breaker and the cache: the administrator wants the directory's answer now.
        """
        report = self.ldap.probe()
        report.sample_size = SAMPLE_SIZE
        if report.error:
            return report
        try:
            report.users = len(
                self.ldap.search(
                    self.config.users_base_dn,
                    self._user_filter(),
                    self.preset.user_attributes(),
                    limit=SAMPLE_SIZE,
                    past_breaker=True,
                )
            )
            report.groups = len(
                self.ldap.search(
                    self.config.groups_base_dn,
                    self._group_filter(),
                    self.preset.group_attributes(),
                    limit=SAMPLE_SIZE,
                    past_breaker=True,
                )
            )
            report.ok = True
        except DirectoryUnavailable as error:
            report.error = str(error)
        except (LDAPException, OSError) as error:
            report.error = describe(error)
        finally:
            self.ldap.close()
        return report


_directories = {}
_directories_lock = threading.Lock()
MAX_DIRECTORIES = 4


def get_directory(config):
    """The process's Directory for this configuration (a changed setting gives a new one)."""
    with _directories_lock:
        directory = _directories.get(config)
        if directory is None:
            directory = Directory(config)
            _directories[config] = directory
            while len(_directories) > MAX_DIRECTORIES:
                _old_config, old = next(iter(_directories.items()))
                del _directories[_old_config]
                old.ldap.close()
        return directory


def reset():
    """Close every connection and forget every cached answer (settings saved, tests)."""
    with _directories_lock:
        for directory in _directories.values():
            directory.ldap.close()
        _directories.clear()
