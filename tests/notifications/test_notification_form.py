"""The panel's "mark read" form: odd input gets a message, never a 500; it returns only to
pages of this site, whatever a form field claims."""

from ratusha.notifications.api import notify
from ratusha.notifications.storage import get_inbox
import re
import requests
from test_notify import make_people
from test_notify import PASSWORD
import transaction


def signed_in(portal):
    session = requests.Session()
    session.auth = ("ana", PASSWORD)
    page = session.get(f"{portal.absolute_url()}/@@notifications")
    token = re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)
    return session, token


def test_mark_read_form_with_odd_input(functional):
    portal = functional["portal"]
    make_people()
    notify(["ana"], "x", "Първо")
    notify(["ana"], "x", "Второ")
    transaction.commit()
    base = portal.absolute_url()
    url = f"{base}/@@notifications-mark-read"
    session, token = signed_in(portal)

    # a GET (bookmark, reload) shows the notifications
    reply = session.get(url, allow_redirects=False)
    assert reply.status_code == 302 and reply.headers["Location"] == f"{base}/@@notifications"

    # a form field named like the header decides nothing, and a list there is no crash
    for referer in ("https://evil.example/", ["a", "b"]):
        reply = session.post(
            url,
            data={"_authenticator": token, "ids": "nope", "HTTP_REFERER": referer},
            allow_redirects=False,
        )
        assert reply.status_code == 302 and reply.headers["Location"] == base
    reply = session.post(
        url,
        data={"_authenticator": token, "ids": "nope"},
        headers={"Referer": "https://evil.example/ratusha"},
        allow_redirects=False,
    )
    assert reply.headers["Location"] == base

    # ids of the wrong kind: a message, nothing marked
    reply = session.post(url, data={"_authenticator": token, "ids.a:record": "1"})
    assert reply.status_code == 200
    assert "Изберете известията" in reply.text or "Choose the notifications" in reply.text
    transaction.begin()
    assert get_inbox(portal, "ana").unread_count() == 2

    # the form as the panel sends it
    reply = session.post(
        url,
        data={"_authenticator": token, "all": "1"},
        headers={"Referer": f"{base}/@@notifications"},
        allow_redirects=False,
    )
    assert reply.headers["Location"] == f"{base}/@@notifications"
    transaction.begin()
    assert get_inbox(portal, "ana").unread_count() == 0
