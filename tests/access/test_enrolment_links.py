"""Setting up the second factor needs the password AND an administrator's one-time link."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
import pytest
from ratusha.access import invitations
from ratusha.access import totp
from ratusha.access import twofactor
import re
import requests
import time
import transaction


PASSWORD = "secret-password-1"
NOW = 1_800_000_000.0


@pytest.mark.parametrize(
    "token,now,expected",
    [
        ("the-token", NOW, True),
        ("the-token", NOW + invitations.LIFETIME - 1, True),
        ("the-token", NOW + invitations.LIFETIME, False),
        ("other-token", NOW, False),
        ("", NOW, False),
        (None, NOW, False),
        (["the-token"], NOW, False),
        ("the-token\ud800", NOW, False),
    ],
)
def test_link_accepted_once_valid(token, now, expected):
    assert invitations.accepts(invitations.invite("the-token", NOW), token, now) is expected


def test_no_invitation_accepts_nothing():
    assert not invitations.accepts(None, "anything", NOW)


def test_only_the_digest_is_kept():
    invitation = invitations.invite("the-token", NOW)
    assert "the-token" not in repr(invitation)


@pytest.fixture
def base(functional):
    api.user.create(email="i@example.org", username="inspector", password=PASSWORD)
    api.group.add_user(groupname="auditors", username="inspector")
    api.user.create(email="o@example.org", username="other", password=PASSWORD)
    api.group.add_user(groupname="auditors", username="other")
    transaction.commit()
    return functional["portal"].absolute_url()


def login(base, user_id):
    session = requests.Session()
    session.post(
        f"{base}/login",
        data={"__ac_name": user_id, "__ac_password": PASSWORD, "buttons.login": "Log in"},
    )
    return session


def authenticator(html):
    return re.search(r'name="_authenticator" value="([^"]+)"', html).group(1)


def secret_in(html):
    found = re.search(r'<code class="d-block fs-6">([A-Z2-7 ]+)</code>', html)
    return found.group(1).replace(" ", "") if found else None


def admin_issues_link(base, user_id):
    admin = requests.Session()
    admin.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    page = admin.get(f"{base}/@@access-locks")
    issued = admin.post(
        f"{base}/@@two-factor-enrolment-link",
        data={"user_id": user_id, "_authenticator": authenticator(page.text)},
    )
    assert issued.headers["Cache-Control"] == "no-store"
    return re.search(r'class="ratusha-enrolment-link[^"]*">([^<]+)</code>', issued.text).group(1)


def test_password_alone_cannot_enrol(base, audit_log):
    session = login(base, "inspector")
    page = session.get(f"{base}/@@personal-room")
    assert "@@two-factor-setup" in page.url
    assert secret_in(page.text) is None  # no secret shown, none created
    token = re.search(r'data-token="([^"]+)"', page.text).group(1)
    session.post(f"{base}/@@two-factor-setup", data={"code": "123456", "_authenticator": token})
    forged = session.get(f"{base}/@@two-factor-setup?enrolment=made-up")
    assert secret_in(forged.text) is None
    transaction.begin()
    assert twofactor.get("inspector") is None and not twofactor.is_enrolled("inspector")
    assert not audit_log.new(action="auth.2fa-enrolled")


def test_link_enrols_once_and_only_its_owner(base, audit_log):
    link = admin_issues_link(base, "inspector").replace("&amp;", "&")
    [issued] = audit_log.new(action="auth.2fa-link-issued")
    assert '"inspector"' in issued["details"] and link.split("=")[-1] not in str(audit_log.new())

    # someone else's password with this link: nothing
    other = login(base, "other")
    assert secret_in(other.get(link).text) is None

    session = login(base, "inspector")
    page = session.get(link)
    secret = secret_in(page.text)
    assert secret
    done = session.post(
        f"{base}/@@two-factor-setup",
        data={
            "code": totp.code_at(secret, time.time()),
            "enrolment": link.split("=")[-1],
            "_authenticator": authenticator(page.text),
        },
    )
    assert "ratusha-recovery-codes" in done.text
    assert session.get(f"{base}/@@audit-log").url.endswith("@@audit-log")
    transaction.begin()
    assert twofactor.is_enrolled("inspector")

    # used up: after a reset, the same link sets up nothing
    twofactor.reset("inspector")
    transaction.commit()
    again = login(base, "inspector")
    assert secret_in(again.get(link).text) is None


def test_expired_link_refused(base):
    token = twofactor.invite("inspector", now=time.time() - invitations.LIFETIME - 1)
    transaction.commit()
    session = login(base, "inspector")
    assert secret_in(session.get(f"{base}/@@two-factor-setup?enrolment={token}").text) is None


def test_links_can_be_switched_off(base):
    api.portal.set_registry_record("ratusha.access.enrolment_by_link", False)
    transaction.commit()
    session = login(base, "inspector")
    assert secret_in(session.get(f"{base}/@@two-factor-setup").text)


def test_unknown_user_gets_no_link(base):
    admin = requests.Session()
    admin.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    page = admin.get(f"{base}/@@access-locks")
    reply = admin.post(
        f"{base}/@@two-factor-enrolment-link",
        data={"user_id": "nobody-here", "_authenticator": authenticator(page.text)},
    )
    assert "ratusha-enrolment-link" not in reply.text


def test_sites_installed_before_require_links(portal):
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    registry = getUtility(IRegistry)
    del registry.records["ratusha.access.enrolment_by_link"]
    assert twofactor.links_required()
