"""`make run` on an empty instance: the whole site with the demo, created in one go."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.testing.zope import login
from ratusha.instance.site import create_site
from ratusha.instance.site import SITE_ID
from zope.component.hooks import setSite


def test_create_site_with_demo(functional):
    app, portal = functional["app"], functional["portal"]
    login(app.acl_users, SITE_OWNER_NAME)
    setSite(None)  # as in `ratusha-site`: no site yet while the new one is made
    try:
        site = create_site(app)
        assert site.getId() == SITE_ID
        assert site.getLayout() == "ratusha-home"
        assert api.portal.get_registry_record("plone.default_language") == "bg"
        assert api.user.get(userid="councillor21") is not None
    finally:
        setSite(portal)
