"""The municipality's name, coat of arms and colours, from the control panel settings."""

import base64
from plone import api
import pytest
from ratusha.core.settings import hex_colour
from ratusha.core.theme import colour_css
from ratusha.core.theme import shade
from zope.interface import Invalid


@pytest.mark.parametrize(
    "value,ok",
    [
        ("#1f4e79", True),
        ("#ABCDEF", True),
        ("1f4e79", False),
        ("#1f4e7", False),
        ("#1f4e79;}", False),
        ("red", False),
        ("", False),
    ],
)
def test_colour_validation(value, ok):
    if ok:
        assert hex_colour(value)
    else:
        with pytest.raises(Invalid):
            hex_colour(value)


def test_shade_and_css():
    assert shade("#1f4e79", 0.5) == "#10273c"
    assert shade("#ffffff", 1.5) == "#ffffff"
    css = colour_css("#336699", "#c8102e")
    assert "--bs-navbar-background:#336699" in css
    assert "--bs-primary-rgb:51,102,153" in css
    assert "--ratusha-accent:#c8102e" in css


def test_default_shield(portal):
    view = portal.restrictedTraverse("@@coat-of-arms")
    body = view()
    assert body.startswith(b"<svg")
    assert view.request.response.getHeader("Content-Type") == "image/svg+xml"


def test_uploaded_coat_of_arms(portal):
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    record = b"filenameb64:" + base64.b64encode(b"arms.png") + b";datab64:" + base64.b64encode(png)
    api.portal.set_registry_record("ratusha.coat_of_arms", record)
    view = portal.restrictedTraverse("@@coat-of-arms")
    assert view() == png
    assert view.request.response.getHeader("Content-Type") == "image/png"


def test_name_and_colours_on_page(integration):
    from ratusha.interfaces import IRatushaLayer
    from zope.interface import alsoProvides

    portal, request = integration["portal"], integration["request"]
    alsoProvides(request, IRatushaLayer)
    api.portal.set_registry_record("ratusha.municipality_name", "Община Тестова")
    api.portal.set_registry_record("ratusha.primary_colour", "#336699")
    html = portal.restrictedTraverse("@@personal-room")()
    assert "Община Тестова" in html
    assert "--bs-navbar-background:#336699" in html


def test_control_panel_listed(portal):
    panel = api.portal.get_tool("portal_controlpanel")
    assert "ratusha-settings" in [a.getId() for a in panel.listActions()]
