"""Send one fuzzed request to a live site and judge the answer.

A request passes when the server answers below 500 (or a 503 "not configured here" in Ratusha's
error shape, e.g. video without Jitsi); a refusal (4xx) must say why (REST: a
JSON `message`, in Ratusha's `{"error": {...}}` or plone.rest's own shape), and must leave
nothing behind: no ZODB transaction committed and no registration number taken.
"""

import dataclasses
import hashlib
import hmac
from hypothesis import HealthCheck
from hypothesis import Phase
from hypothesis import settings
import os
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.protect.authenticator import _getKeyring
from ratusha.core.demo import CHAIR
from ratusha.core.demo import DEMO_PASSWORD
from ratusha.core.demo import STAFF
import requests
import sqlalchemy as sa


settings.register_profile(
    "fuzz-ci",
    max_examples=3,
    deadline=None,
    derandomize=True,
    database=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=list(HealthCheck),
)
settings.register_profile(
    "fuzz-long",
    max_examples=200,
    deadline=None,
    database=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=list(HealthCheck),
)


LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"


def profile():
    """`HYPOTHESIS_PROFILE=long` (make fuzz) or the quick CI run, `FUZZ_EXAMPLES=n` examples per
    endpoint if given; the global Hypothesis profile of the suite is left alone."""
    chosen = settings.get_profile("fuzz-long" if LONG else "fuzz-ci")
    examples = os.environ.get("FUZZ_EXAMPLES")
    return settings(chosen, max_examples=int(examples)) if examples else chosen


# anonymous, every demo role, the chair, a councillor, and a Manager
USERS = (
    ((None, None),)
    + tuple((user_id, DEMO_PASSWORD) for user_id, *_rest in STAFF)
    + (
        (CHAIR, DEMO_PASSWORD),
        ("councillor05", DEMO_PASSWORD),
        (SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
    )
)
ADMIN = USERS[-1]
REST_KINDS = ("rest", "controlpanel", "content")


def tokens():
    """plone.protect's form token of each user (any key of the user's keyring is accepted)."""
    found = {}
    for user_id, _password in USERS:
        name = user_id or "Anonymous User"
        secret = _getKeyring(name)[0].encode()
        found[user_id] = hmac.new(secret, name.encode(), hashlib.sha1).hexdigest()
    return found


@dataclasses.dataclass
class Case:
    user: tuple
    query: str = ""
    body: bytes = b""
    content_type: str = "application/json"


@dataclasses.dataclass
class Stats:
    requests: int = 0
    refused: int = 0
    errors: int = 0
    endpoints: set = dataclasses.field(default_factory=set)


STATS = Stats()


def registry_numbers() -> int:
    from ratusha.registry import numbers

    with numbers.get_engine().connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(numbers.ledger)).scalar()


def _cause(text):
    """The exception at the end of a traceback, or the start of the answer."""
    if "Traceback" in text:
        lines = [line for line in text.splitlines() if line.strip()]
        return " | ".join(lines[-3:])[:400]
    return text[:300]


class Fuzzer:
    def __init__(self, portal):
        self.portal = portal
        self.db = portal._p_jar.db()
        self.problems = []
        self.sessions = {}

    def session(self, user):
        if user not in self.sessions:
            session = requests.Session()
            if user[0]:
                session.auth = user
            self.sessions[user] = session
        return self.sessions[user]

    def close(self):
        for session in self.sessions.values():
            session.close()

    def context_url(self, for_):
        """The URL of one object the endpoint is registered for (None: the demo has none)."""
        portal = self.portal
        if isinstance(for_, str):
            brains = api.content.find(portal_type=for_, unrestricted=True, sort_on="path")
        elif for_.providedBy(portal):
            return portal.absolute_url()
        else:
            brains = api.content.find(
                object_provides=for_.__identifier__, unrestricted=True, sort_on="path"
            ) or api.content.find(portal_type=schema_types(for_), unrestricted=True)
        return brains[0].getURL() if brains else None

    def send(self, endpoint, url, case):
        target = f"{url}/{endpoint.name}" if endpoint.name else url
        if endpoint.kind == "content":
            target = target.replace(
                self.portal.absolute_url(), self.portal.absolute_url() + "/++api++", 1
            )
        if case.query:
            target = f"{target}?{case.query}"
        headers = {"Content-Type": case.content_type}
        if endpoint.accept:
            headers["Accept"] = "application/json" if endpoint.kind in REST_KINDS else "text/html"
        before = (self.db.lastTransaction(), registry_numbers())
        body = case.body if endpoint.method not in ("GET",) else None
        STATS.requests += 1
        STATS.endpoints.add(endpoint.label)
        try:
            reply = self.session(case.user).request(
                endpoint.method,
                target,
                data=body,
                headers=headers,
                allow_redirects=False,
                timeout=120,
            )
        except requests.RequestException as exc:
            reply, problem = None, f"no usable answer: {exc!r}"[:300]
        else:
            problem = self.judge(endpoint, reply, before)
        if problem:
            STATS.errors += 1
            self.problems.append(
                f"{endpoint.label} as {case.user[0] or 'anonymous'}: {problem}; "
                f"query={case.query[:200]!r} body={case.body[:200]!r}"
            )
        return reply

    def judge(self, endpoint, reply, before):
        status = reply.status_code
        if status == 503 and '"error"' in reply.text:
            return None  # Ratusha's own "not configured here" answer (e.g. no Jitsi), said in words
        if status >= 500:
            return f"HTTP {status}: {_cause(reply.text)!r}"
        if status < 400:
            return None
        STATS.refused += 1
        after = (self.db.lastTransaction(), registry_numbers())
        if after[1] != before[1]:
            return f"HTTP {status} but a registration number was taken"
        if after[0] != before[0]:
            return f"HTTP {status} but a transaction was committed"
        if endpoint.kind in REST_KINDS and endpoint.accept:
            try:
                data = reply.json()
            except ValueError:
                return f"HTTP {status} without a JSON body: {reply.text[:200]!r}"
            message = (data.get("error", data) if isinstance(data, dict) else {}).get("message")
            if not (isinstance(message, str) and message.strip()):
                return f"HTTP {status} without a message: {reply.text[:200]!r}"
        elif not reply.content.strip():
            return f"HTTP {status} with an empty body"
        return None


def schema_types(schema):
    """The Dexterity types whose schema is `schema` (their instances provide it without the
    catalog's object_provides always saying so)."""
    types = api.portal.get_tool("portal_types")
    return [
        fti.getId()
        for fti in types.objectValues()
        if getattr(fti, "schema", None) == schema.__identifier__
    ] or ["-none-"]
