"""`++add++<type>` never answers 500: a type the user may not add here is refused (Plone's
login / insufficient-privileges page), a type the folder never takes is not found (404), and the
people who may add still get the form."""

from plone import api
import pytest
from ratusha.core.demo import DEMO_PASSWORD
import requests
import transaction


FORM, REFUSED, MISSING = "form", "refused", "missing"
CASES = [
    # user, folder (path under the site, "" = the site), type, status
    ("registrar", "registry/incoming", "IncomingDocument", FORM),
    ("council.staff", "registry/incoming", "IncomingDocument", REFUSED),
    ("itadmin", "registry/incoming", "IncomingDocument", REFUSED),
    (None, "registry/incoming", "IncomingDocument", REFUSED),
    ("registrar", "", "Register", REFUSED),
    ("registrar", "registry/incoming", "AgendaItem", MISSING),
    ("council.staff", "registry", "IncomingDocument", REFUSED),
    ("registrar", "registry/outgoing", "IncomingDocument", MISSING),
    ("registrar", "registry/incoming", "NoSuchType", MISSING),
]


@pytest.fixture
def site(demo_functional):
    portal = demo_functional["portal"]
    api.portal.set_registry_record("ratusha.access.two_factor_roles", [])
    transaction.commit()
    return portal.absolute_url()


@pytest.mark.parametrize("user, folder, portal_type, answer", CASES)
def test_add_form_answers(site, user, folder, portal_type, answer):
    session = requests.Session()
    session.headers["Accept"] = "text/html"
    if user:
        session.post(
            f"{site}/login",
            data={
                "__ac_name": user,
                "__ac_password": DEMO_PASSWORD,
                "buttons.login": "Вход",
                "came_from": "",
            },
        )
    base = f"{site}/{folder}" if folder else site
    reply = session.get(f"{base}/++add++{portal_type}", allow_redirects=False)
    if answer == FORM:
        assert reply.status_code == 200, reply.headers.get("Location")
        assert 'id="form-buttons-save"' in reply.text
    elif answer == REFUSED:
        assert reply.status_code == 302, reply.text[:300]
        assert "/require_login" in reply.headers["Location"]
    else:
        assert reply.status_code == 404, reply.text[:300]
