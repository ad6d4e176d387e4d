"""The issue's "done when": a directory user logs in with two-factor and gets mapped roles."""

import ldapseed as seed
from plone import api
from ratusha.access import totp
from ratusha.access import twofactor
import re
import requests
import time
import transaction


def test_directory_councillor_with_second_factor(functional, directory_server, enable_directory):
    portal = functional["portal"]
    base = portal.absolute_url()
    enable_directory([directory_server.url])
    api.portal.set_registry_record("ratusha.access.two_factor_roles", ["Councillor"])
    transaction.commit()
    password = seed.PASSWORDS["ivan"]
    headers = {"Accept": "application/json"}

    # the password alone is not enough any more, not even over Basic auth
    basic = requests.get(f"{base}/@personal-room", auth=("ivan", password), headers=headers)
    assert basic.status_code == 401

    # the web login leads to enrolment; the directory user's id is its entryUUID
    session = requests.Session()
    session.post(
        f"{base}/login",
        data={
            "__ac_name": "ivan",
            "__ac_password": password,
            "buttons.login": "Log in",
            "came_from": base,
        },
    )
    setup = session.get(f"{base}/@@personal-room")
    assert "@@two-factor-setup" in setup.url
    transaction.begin()
    link = twofactor.invite(api.user.get(username="ivan").getId())  # the administrator's link
    transaction.commit()
    setup = session.get(f"{base}/@@two-factor-setup", params={"enrolment": link})
    secret = re.search(r'<code class="d-block fs-6">([A-Z2-7 ]+)</code>', setup.text).group(1)
    token = re.search(r'name="_authenticator" value="([^"]+)"', setup.text).group(1)
    done = session.post(
        f"{base}/@@two-factor-setup",
        data={
            "code": totp.code_at(secret.replace(" ", ""), time.time()),
            "enrolment": link,
            "_authenticator": token,
        },
    )
    assert "ratusha-recovery-codes" in done.text
    room = session.get(f"{base}/@personal-room", headers=headers)
    assert room.status_code == 200
    user = room.json()["user"]
    assert user["fullname"] == "Иван Петров" and "Councillor" in user["roles"]
    transaction.begin()
    assert twofactor.is_enrolled(user["id"])

    # REST clients give the code at @login
    reply = requests.post(
        f"{base}/@login",
        headers=headers,
        json={
            "login": "ivan",
            "password": password,
            "otp": totp.code_at(secret.replace(" ", ""), time.time() + 30),
        },
    )
    assert reply.status_code == 200, reply.text
    bearer = {**headers, "Authorization": f"Bearer {reply.json()['token']}"}
    assert (
        "Councillor"
        in requests.get(f"{base}/@personal-room", headers=bearer).json()["user"]["roles"]
    )
