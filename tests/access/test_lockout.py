"""Brute-force protection: locks below the directory's threshold, same answer, admin unlock."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from ratusha.access import attempts
import re
import requests
import transaction


PASSWORD = "secret-password-1"


def test_account_locks_and_unlocks(functional, audit_log):
    base = functional["portal"].absolute_url()
    api.user.create(email="w@example.org", username="worker", password=PASSWORD)
    api.group.add_user(groupname="employees", username="worker")
    api.portal.set_registry_record("ratusha.access.max_failures", 3)
    transaction.commit()
    attempts.clear(attempts.account_key("worker"))
    url = f"{base}/@personal-room"
    headers = {"Accept": "application/json"}

    for _ in range(3):
        assert requests.get(url, auth=("worker", "guess"), headers=headers).status_code == 401
    # locked: even the right password is refused, the same way, by every door
    assert requests.get(url, auth=("worker", PASSWORD), headers=headers).status_code == 401
    login = requests.post(
        f"{base}/@login", json={"login": "worker", "password": PASSWORD}, headers=headers
    )
    assert login.status_code == 401
    form = requests.post(
        f"{base}/login",
        data={"__ac_name": "worker", "__ac_password": PASSWORD, "buttons.login": "Log in"},
    )
    assert "__ac" not in form.cookies
    [lock] = audit_log.new(action="auth.lockout")
    assert lock["actor_login"] == "worker"
    assert any('"locked"' in r["details"] for r in audit_log.new(action="auth.login-failed"))

    admin = requests.Session()
    admin.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    page = admin.get(f"{base}/@@access-locks")
    assert "worker" in page.text
    token = re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)
    admin.post(f"{base}/@@access-locks", data={"key": "account:worker", "_authenticator": token})
    assert requests.get(url, auth=("worker", PASSWORD), headers=headers).status_code == 200
    assert audit_log.new(action="auth.unlock")


def test_success_resets_the_count(functional):
    base = functional["portal"].absolute_url()
    api.user.create(email="w@example.org", username="worker2", password=PASSWORD)
    api.portal.set_registry_record("ratusha.access.max_failures", 3)
    transaction.commit()
    headers = {"Accept": "application/json"}
    for _ in range(2):
        requests.post(f"{base}/@login", json={"login": "worker2", "password": "x"}, headers=headers)
    assert (
        requests.post(
            f"{base}/@login", json={"login": "worker2", "password": PASSWORD}, headers=headers
        ).status_code
        == 200
    )
    assert attempts.get(attempts.account_key("worker2")) is None
