"""A JWT from @login is refused once @logout has revoked it, however it is presented."""

from plone import api
import pytest
from ratusha.access import totp
from ratusha.access import twofactor
import requests
import time
import transaction


PASSWORD = "secret-password-1"
JSON = {"Accept": "application/json"}


@pytest.fixture
def base(functional):
    return functional["portal"].absolute_url()


def make_user(user_id, group):
    api.user.create(email=f"{user_id}@example.org", username=user_id, password=PASSWORD)
    api.group.add_user(groupname=group, username=user_id)


def bearer(token):
    return {**JSON, "Authorization": f"Bearer {token}"}


def test_token_of_a_two_factor_user_is_refused_after_logout(base):
    make_user("inspector", "auditors")
    secret = twofactor.start_enrolment("inspector")
    assert twofactor.confirm_enrolment("inspector", totp.code_at(secret, time.time() - 30))
    transaction.commit()
    reply = requests.post(
        f"{base}/@login",
        headers=JSON,
        json={"login": "inspector", "password": PASSWORD, "otp": totp.code_at(secret, time.time())},
    )
    token = reply.json()["token"]
    assert requests.get(f"{base}/@audit", headers=bearer(token)).status_code == 200

    assert requests.post(f"{base}/@logout", headers=bearer(token)).status_code in (200, 204)
    assert requests.get(f"{base}/@audit", headers=bearer(token)).status_code == 401
    assert requests.get(f"{base}/++api++/@audit", headers=bearer(token)).status_code == 401
    assert requests.post(f"{base}/@logout", headers=bearer(token)).status_code in (400, 401)

    # nor does it prove the second factor beside a password-only session of the login form
    session = requests.Session()
    session.post(
        f"{base}/login",
        data={"__ac_name": "inspector", "__ac_password": PASSWORD, "buttons.login": "Log in"},
    )
    session.cookies.set("auth_token", token)
    assert "@@two-factor" in session.get(f"{base}/@@audit-log").url


def test_token_of_any_user_is_refused_after_logout(base):
    make_user("worker", "employees")
    transaction.commit()
    reply = requests.post(
        f"{base}/@login", headers=JSON, json={"login": "worker", "password": PASSWORD}
    )
    token = reply.json()["token"]
    other = requests.post(
        f"{base}/@login", headers=JSON, json={"login": "worker", "password": PASSWORD}
    ).json()["token"]
    assert requests.get(f"{base}/@personal-room", headers=bearer(token)).status_code == 200
    assert requests.post(f"{base}/@logout", headers=bearer(token)).status_code in (200, 204)
    assert requests.get(f"{base}/@personal-room", headers=bearer(token)).status_code == 401
    # another device's token lives on until its own logout
    assert requests.get(f"{base}/@personal-room", headers=bearer(other)).status_code == 200


def test_expired_tokens_leave_the_store(base):
    make_user("worker", "employees")
    transaction.commit()
    for _ in range(2):
        requests.post(
            f"{base}/@login", headers=JSON, json={"login": "worker", "password": PASSWORD}
        )
    transaction.begin()
    plugin = api.portal.get_tool("acl_users")["jwt_auth"]
    issued = plugin._tokens["worker"]
    assert len(issued) == 2
    for token in list(issued.keys()):
        issued[token] = int(time.time()) - plugin.token_timeout - 1
    transaction.commit()
    requests.post(f"{base}/@login", headers=JSON, json={"login": "worker", "password": PASSWORD})
    transaction.begin()
    assert len(plugin._tokens["worker"]) == 1
