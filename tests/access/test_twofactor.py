"""Two-factor login end to end: enrol, log in with a code, replay, recovery, policy, REST."""

from plone import api
import pytest
from ratusha.access import totp
from ratusha.access import twofactor
import re
import requests
import time
import transaction


PASSWORD = "secret-password-1"


def make_user(user_id, group=None):
    api.user.create(email=f"{user_id}@example.org", username=user_id, password=PASSWORD)
    if group:
        api.group.add_user(groupname=group, username=user_id)


def browser_login(base, user_id):
    """A requests session logged in through the classic form (session cookie)."""
    session = requests.Session()
    page = session.get(f"{base}/login")
    token = re.search(r'name="_authenticator" value="([^"]+)"', page.text)
    form = {
        "__ac_name": user_id,
        "__ac_password": PASSWORD,
        "buttons.login": "Log in",
        "came_from": base,
    }
    if token:
        form["_authenticator"] = token.group(1)
    session.landing = session.post(f"{base}/login", data=form)  # the page the login led to
    return session


WELCOMES = {"Welcome! You are now logged in.", "Добре дошли! Вече сте влезли."}


def status_messages(html):
    return [
        text.strip()
        for text in re.findall(
            r'class="[^"]*statusmessage[^"]*"[^>]*>(?:.|\n)*?</strong>\s*([^<]+)<', html
        )
    ]


def authenticator(html):
    return re.search(r'name="_authenticator" value="([^"]+)"', html).group(1)


def secret_from_setup(html):
    key = re.search(r'<code class="d-block fs-6">([A-Z2-7 ]+)</code>', html).group(1)
    return key.replace(" ", "")


@pytest.fixture
def base(functional):
    return functional["portal"].absolute_url()


def test_required_role_must_enrol_then_use_codes(functional, base, audit_log):
    make_user("inspector", "auditors")
    make_user("worker", "employees")
    transaction.commit()

    worker = browser_login(base, "worker")
    assert worker.get(f"{base}/@@personal-room").url.endswith("@@personal-room")

    inspector = browser_login(base, "inspector")
    page = inspector.get(f"{base}/@@personal-room")
    assert "@@two-factor-setup" in page.url  # nothing else until enrolled
    assert "@@two-factor-setup" in inspector.landing.url
    assert not WELCOMES & set(status_messages(inspector.landing.text))  # not logged in yet
    assert inspector.get(f"{base}/@@audit-log").url.split("?")[0].endswith("@@two-factor-setup")

    link = twofactor.invite("inspector")  # an administrator's one-time enrolment link
    transaction.commit()
    page = inspector.get(f"{base}/@@two-factor-setup", params={"enrolment": link})
    secret = secret_from_setup(page.text)
    wrong = inspector.post(
        f"{base}/@@two-factor-setup",
        data={"code": "000000", "enrolment": link, "_authenticator": authenticator(page.text)},
    )
    assert "ratusha-recovery-codes" not in wrong.text
    code = totp.code_at(secret, time.time())
    done = inspector.post(
        f"{base}/@@two-factor-setup",
        data={"code": code, "enrolment": link, "_authenticator": authenticator(wrong.text)},
    )
    codes = re.findall(r"<code>([a-z2-9]{4}-[a-z2-9]{4})</code>", done.text)
    assert len(codes) == 10
    assert inspector.get(f"{base}/@@audit-log").url.endswith("@@audit-log")

    # a new session needs a code again; the same code cannot be replayed
    again = browser_login(base, "inspector")
    ask = again.get(f"{base}/@@audit-log")
    assert "@@two-factor?" in ask.url
    replay = again.post(
        f"{base}/@@two-factor",
        data={
            "code": code,
            "came_from": f"{base}/@@audit-log",
            "_authenticator": authenticator(ask.text),
        },
    )
    assert "@@two-factor" in replay.url or "ratusha-code" in replay.text
    assert again.get(f"{base}/@@audit-log").url.split("?")[0].endswith("@@two-factor")

    # a recovery code works once
    used = again.post(
        f"{base}/@@two-factor",
        data={
            "code": codes[0],
            "came_from": f"{base}/@@audit-log",
            "_authenticator": authenticator(replay.text),
        },
    )
    assert used.url.endswith("@@audit-log")
    assert WELCOMES & set(status_messages(used.text))  # now they are
    third = browser_login(base, "inspector")
    ask = third.get(f"{base}/@@audit-log")
    reuse = third.post(
        f"{base}/@@two-factor",
        data={
            "code": codes[0],
            "came_from": f"{base}/@@audit-log",
            "_authenticator": authenticator(ask.text),
        },
    )
    assert not reuse.url.endswith("@@audit-log")

    actions = [r["action"] for r in audit_log.new(actor="inspector")]
    assert "auth.2fa-enrolled" in actions and "auth.2fa-recovery-used" in actions
    failed = audit_log.new(action="auth.login-failed")
    assert any('"bad-second-factor"' in r["details"] for r in failed)
    assert secret not in str(audit_log.new())


def test_rest_login_with_otp_and_basic_refused(functional, base):
    make_user("inspector", "auditors")
    secret = twofactor.start_enrolment("inspector")
    assert twofactor.confirm_enrolment("inspector", totp.code_at(secret, time.time() - 30))
    transaction.commit()

    basic = requests.get(
        f"{base}/@audit", auth=("inspector", PASSWORD), headers={"Accept": "application/json"}
    )
    assert basic.status_code == 401  # a password alone never passes two-factor

    login = f"{base}/@login"
    headers = {"Accept": "application/json"}
    needs = requests.post(login, json={"login": "inspector", "password": PASSWORD}, headers=headers)
    assert needs.status_code == 401 and needs.json()["error"]["type"] == "TwoFactorRequired"
    bad = requests.post(
        login, json={"login": "inspector", "password": PASSWORD, "otp": "123456"}, headers=headers
    )
    assert bad.status_code == 401
    good = requests.post(
        login,
        json={"login": "inspector", "password": PASSWORD, "otp": totp.code_at(secret, time.time())},
        headers=headers,
    )
    assert good.status_code == 200, good.text
    token = good.json()["token"]
    audit = requests.get(f"{base}/@audit", headers={**headers, "Authorization": f"Bearer {token}"})
    assert audit.status_code == 200


def test_token_without_second_factor_is_refused(functional, base):
    """A JWT made for the user without the claim (e.g. by plone.restapi itself) does not pass."""
    make_user("inspector", "auditors")
    secret = twofactor.start_enrolment("inspector")
    twofactor.confirm_enrolment("inspector", totp.code_at(secret, time.time()))
    plugin = api.portal.get_tool("acl_users")["jwt_auth"]
    token = plugin.create_token("inspector", data={"fullname": "x"})
    transaction.commit()
    reply = requests.get(
        f"{base}/@audit", headers={"Accept": "application/json", "Authorization": f"Bearer {token}"}
    )
    assert reply.status_code == 401


def test_admin_reset(functional, base, audit_log):
    from plone.app.testing import SITE_OWNER_NAME
    from plone.app.testing import SITE_OWNER_PASSWORD

    make_user("inspector", "auditors")
    secret = twofactor.start_enrolment("inspector")
    twofactor.confirm_enrolment("inspector", totp.code_at(secret, time.time()))
    transaction.commit()
    admin = requests.Session()
    admin.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    page = admin.get(f"{base}/@@access-locks")
    admin.post(
        f"{base}/@@two-factor-reset",
        data={"user_id": "inspector", "_authenticator": authenticator(page.text)},
    )
    transaction.begin()
    assert not twofactor.is_enrolled("inspector")
    [row] = audit_log.new(action="auth.2fa-reset")
    assert '"inspector"' in row["details"]
