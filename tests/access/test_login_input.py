"""Anonymous POST @login with what is not text: 400 with a message, nothing tried or written."""

import json
import pytest
from ratusha.access import attempts
import requests


ODD = [True, False, 1, 0, 1.5, -1e308, None, [], ["ivan"], {}, {"login": "ivan"}]
SURROGATES = ["\ud800", "a\udfffb", "\ud83d", "ivan\udc80"]
CASES = (
    [("login", value) for value in ODD + SURROGATES]
    + [("password", value) for value in ODD + SURROGATES]
    + [("otp", value) for value in ODD + SURROGATES]
    + [("login", "x" * 100_000), ("password", "x" * 100_000), ("login", "a\x00b")]
)


@pytest.fixture
def base(functional):
    return functional["portal"].absolute_url()


def post(base, body):
    return requests.post(
        f"{base}/@login",
        data=json.dumps(body),
        headers={"Accept": "application/json", "Content-Type": "application/json"},
    )


def message(reply):
    """The service's {"error": {...}}, or the one of a refusal before traversal."""
    body = reply.json()
    return body.get("error", body).get("message")


def logins_recorded(audit_log):
    return [r for r in audit_log.new() if r["action"].startswith("auth.")]


@pytest.mark.parametrize("field,value", CASES, ids=lambda v: repr(v)[:20])
def test_odd_credentials_answer_400(base, audit_log, field, value):
    body = {"login": "admin", "password": "secret", field: value}
    reply = post(base, body)
    assert reply.status_code == 400, reply.text
    assert message(reply), reply.text
    assert logins_recorded(audit_log) == []  # nothing tried, recorded or counted
    assert attempts.get(attempts.account_key("admin")) is None


@pytest.mark.parametrize("body", [{}, {"login": "admin"}, {"password": "x"}, [], "x", 1, None])
def test_missing_credentials_answer_400(base, audit_log, body):
    reply = post(base, body)
    assert reply.status_code == 400, reply.text
    assert message(reply), reply.text
    assert logins_recorded(audit_log) == []
