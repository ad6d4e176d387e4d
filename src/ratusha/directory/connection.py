"""Talking to the servers (ldap3): pool with failover, verified TLS, timeouts, a breaker.

No Zope here. The `Server` objects are shared, so they are made with get_info=NONE (ldap3
resets a shared server's schema while another thread reads it, ldap3#1174). The service
account has one SAFE_RESTARTABLE connection (thread-safe; when its server dies it reconnects
through the pool to the next one); a login binds on a short-lived connection of its own.
A failure opens the breaker: for `retry_after` seconds every call fails at once instead of
waiting for the timeout again, then the directory is tried again.
"""

import dataclasses
import ldap3
from ldap3 import BASE
from ldap3 import Connection
from ldap3 import FIRST
from ldap3 import NONE
from ldap3 import SAFE_RESTARTABLE
from ldap3 import Server
from ldap3 import ServerPool
from ldap3 import SUBTREE
from ldap3 import SYNC
from ldap3 import Tls
from ldap3.core.exceptions import LDAPException
import logging
from ratusha.directory import rules
from ratusha.directory.cache import Breaker
from ratusha.directory.tls import patch_ldap3
import ssl
import threading


logger = logging.getLogger("ratusha.directory")
patch_ldap3()

# ldap3 sleeps this long after a pool cycle found no server, even after its last cycle; our
# pool makes one cycle (active=1) and the breaker decides when to try again.
ldap3.set_config_parameter("POOLING_LOOP_TIMEOUT", 0)

PAGED_RESULTS = "1.2.840.113556.1.4.319"
OK_RESULTS = ("success", "sizeLimitExceeded")


class DirectoryUnavailable(Exception):
    """No usable answer: servers down or hung, TLS refused, service account refused."""


@dataclasses.dataclass
class ConnectionReport:
    """What "test connection" found, for the control panel."""

    ok: bool = False
    server: str = ""
    security: str = ""  # "ldaps", "starttls" or "none"
    verified: bool = True
    bind_dn: str = ""  # empty: anonymous
    bind_ok: bool = False
    users: int = 0
    groups: int = 0
    sample_size: int = 0
    error: str = ""


def describe(error):
    """One line for the log and the control panel: what went wrong, without a traceback."""
    text = " ".join(str(error).split()) or error.__class__.__name__
    if len(text) > 300:
        text = text[:300] + "…"
    return f"{error.__class__.__name__}: {text}"


def lower_keys(raw_attributes):
    """{"sAMAccountName": [...], "member;range=0-1499": [...]} -> lower-case names, no ranges."""
    result = {}
    for name, values in (raw_attributes or {}).items():
        key = name.split(";", 1)[0].lower()
        result.setdefault(key, []).extend(values if isinstance(values, list) else [values])
    return result


class Connector:
    """The servers of one configuration and the connections to them."""

    def __init__(self, config):
        self.config = config
        self.breaker = Breaker(config.retry_after)
        self.setup_error = ""
        self.pool = None
        self._service = None
        self._service_lock = threading.Lock()
        try:
            self.pool = self._make_pool()
        except (LDAPException, ValueError) as error:
            self.setup_error = describe(error)
        if config.bind_dn and not config.bind_password and not self.setup_error:
            self.setup_error = (
                "no bind password for the service account: set RATUSHA_LDAP_BIND_PASSWORD "
                "or RATUSHA_LDAP_BIND_PASSWORD_FILE"
            )
        if self.setup_error:
            logger.error("LDAP settings cannot be used: %s", self.setup_error)
        if not config.verify_certificates:
            logger.warning(
                "LDAP certificate verification is OFF (setting 'verify certificates'): "
                "anyone between Ratusha and the directory can read passwords"
            )

    def _make_pool(self):
        config = self.config
        tls = Tls(
            validate=ssl.CERT_REQUIRED if config.verify_certificates else ssl.CERT_NONE,
            ca_certs_file=config.ca_file or None,
        )
        servers = []
        for url in config.servers:
            host, port, use_ssl = rules.parse_server_url(url)
            servers.append(
                Server(
                    host,
                    port=port,
                    use_ssl=use_ssl,
                    tls=tls,
                    get_info=NONE,
                    connect_timeout=config.connect_timeout,
                )
            )
        if not servers:
            raise ValueError("no LDAP server configured")
        # FIRST: the first URL is the main server. One that refuses connections is skipped
        # for retry_after seconds (exhaust), then tried again.
        return ServerPool(servers, FIRST, active=1, exhaust=max(1, config.retry_after))

    def _connection(self, user, password, strategy):
        return Connection(
            self.pool,
            user=user or None,
            password=password or None,
            client_strategy=strategy,
            receive_timeout=int(self.config.timeout),  # ldap3 packs it as an integer
            read_only=True,
            raise_exceptions=False,
            auto_referrals=False,  # AD's referrals to DomainDnsZones & co. would be followed
            return_empty_attributes=False,
        )

    def _open(self, connection):
        """Open the socket (the pool picks the server) and start TLS if the URL is ldap://."""
        connection.open(read_server_info=False)
        if self.config.start_tls and not connection.server.ssl:
            connection.start_tls(read_server_info=False)

    def _service_connection(self):
        with self._service_lock:
            if self._service is not None and not self._service.closed:
                return self._service
            connection = self._connection(
                self.config.bind_dn, self.config.bind_password, SAFE_RESTARTABLE
            )
            # one reconnect (to the next server of the pool) per failed operation, no sleeping
            connection.strategy.restartable_tries = 1
            connection.strategy.restartable_sleep_time = 0
            try:
                self._open(connection)
                bound, result, _response, _request = connection.bind(read_server_info=False)
            except BaseException:
                self._discard(connection)
                raise
            if not bound:
                self._discard(connection)
                raise DirectoryUnavailable(
                    "service account bind refused: "
                    + rules.bind_failure_reason(result.get("description"), result.get("message"))
                )
            self._service = connection
            return connection

    def _discard(self, connection):
        """Drop a connection without talking to the server (it may be the one that hangs).

        The pool keeps a state per connection it has served; forget it, or every login
        would leave one behind.
        """
        try:
            connection.strategy.close()
        except Exception:  # noqa: BLE001 - closing a broken socket may fail in any way
            pass
        if self.pool is not None:
            self.pool.pool_states.pop(connection, None)

    def close(self):
        with self._service_lock:
            if self._service is not None:
                self._discard(self._service)
                self._service = None

    def call(self, operation):
        """Run an operation; outages become DirectoryUnavailable and open the breaker."""
        if self.setup_error:
            raise DirectoryUnavailable(self.setup_error)
        if self.breaker.is_open():
            raise DirectoryUnavailable(self.breaker.reason)
        try:
            result = operation()
        except DirectoryUnavailable as error:
            self._failed(str(error))
            raise
        except (LDAPException, OSError) as error:
            reason = describe(error)
            self._failed(reason)
            raise DirectoryUnavailable(reason) from error
        if self.breaker.succeeded():
            logger.warning("LDAP directory available again (%s)", ", ".join(self.config.servers))
        return result

    def _failed(self, reason):
        self.close()
        if self.breaker.failed(reason):
            logger.error(
                "LDAP directory unavailable (%s): %s; directory logins fail until it answers, "
                "next try in %ss",
                ", ".join(self.config.servers),
                reason,
                self.config.retry_after,
            )

    def _search(self, base, search_filter, attributes, scope=SUBTREE, limit=None):
        """Entries as (dn, {lower-case attribute: [raw values]}), paged, at most `limit`."""
        connection = self._service_connection()
        entries, cookie = [], None
        page_size = self.config.page_size
        while True:
            size = page_size if not limit else max(1, min(page_size, limit - len(entries)))
            _status, result, response, _request = connection.search(
                base,
                search_filter,
                search_scope=scope,
                attributes=list(attributes),
                time_limit=int(self.config.timeout),
                paged_size=size if scope != BASE else None,
                paged_cookie=cookie,
            )
            description = result.get("description")
            if description == "noSuchObject":
                if scope != BASE:
                    logger.warning("LDAP base DN %r does not exist", base)
                return entries
            if description not in OK_RESULTS:
                raise DirectoryUnavailable(
                    f"search refused: {description} {result.get('message') or ''}".strip()
                )
            for item in response or ():
                if item.get("type") == "searchResEntry":
                    entries.append((item["dn"], lower_keys(item.get("raw_attributes"))))
            if description == "sizeLimitExceeded" and not limit:
                logger.warning(
                    "LDAP server cut a search under %r at %s entries (its size limit for the "
                    "service account)",
                    base,
                    len(entries),
                )
            control = (result.get("controls") or {}).get(PAGED_RESULTS) or {}
            cookie = (control.get("value") or {}).get("cookie")
            if not cookie:
                return entries
            if limit and len(entries) >= limit:
                # tell the server we are done with this result set
                connection.search(
                    base,
                    search_filter,
                    search_scope=scope,
                    attributes=["1.1"],
                    paged_size=0,
                    paged_cookie=cookie,
                )
                return entries[:limit]

    def search(
        self, base, search_filter, attributes, scope=SUBTREE, limit=None, past_breaker=False
    ):
        if past_breaker:
            return self._search(base, search_filter, attributes, scope, limit)
        return self.call(lambda: self._search(base, search_filter, attributes, scope, limit))

    def _bind_as(self, dn, password):
        """Bind on a short-lived connection: the shared one is never re-bound as a user."""
        connection = self._connection(dn, password, SYNC)
        try:
            self._open(connection)
            bound = connection.bind(read_server_info=False)
            return bound, dict(connection.result or {})
        finally:
            try:
                if not connection.closed:
                    connection.unbind()
            except (LDAPException, OSError):
                pass
            self._discard(connection)

    def bind_as(self, dn, password):
        """(bound, result) for the user's DN and password; never cached."""
        return self.call(lambda: self._bind_as(dn, password))

    def probe(self):
        """Connect and bind as the service account, past the breaker, and say how it went."""
        report = ConnectionReport(
            verified=self.config.verify_certificates, bind_dn=self.config.bind_dn
        )
        if self.setup_error:
            report.error = self.setup_error
            return report
        connection = self._connection(self.config.bind_dn, self.config.bind_password, SYNC)
        try:
            self._open(connection)
            server = connection.server
            report.server = f"{'ldaps' if server.ssl else 'ldap'}://{server.host}:{server.port}"
            report.security = (
                "ldaps" if server.ssl else ("starttls" if connection.tls_started else "none")
            )
            report.bind_ok = bool(connection.bind(read_server_info=False))
            if not report.bind_ok:
                result = connection.result or {}
                report.error = "bind refused: " + rules.bind_failure_reason(
                    result.get("description"), result.get("message")
                )
        except (LDAPException, OSError) as error:
            report.error = describe(error)
        finally:
            self._discard(connection)
        return report
