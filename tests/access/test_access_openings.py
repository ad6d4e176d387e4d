"""What an unproven two-factor user may reach: decided on what is published, by kind and name."""

import pytest
from ratusha.access import credentials
from ratusha.access import openings
from ratusha.access.openings import OTHER
from ratusha.access.openings import RESOURCE
from ratusha.access.openings import SERVICE
from ratusha.access.openings import VIEW


@pytest.mark.parametrize(
    "kind,name,expected",
    [
        (VIEW, "two-factor", True),
        (VIEW, "two-factor-setup", True),
        (VIEW, "login", True),
        (VIEW, "logout", True),
        (VIEW, "favicon.ico", True),
        (VIEW, "audit-log-export", False),
        (VIEW, "audit-log", False),
        (VIEW, "static", False),
        (VIEW, "static-plan", False),
        (VIEW, "@@login", False),
        (VIEW, "", False),
        (SERVICE, "POST_application_json_@login", True),
        (SERVICE, "GET_application_json_@login", True),
        (SERVICE, "POST_application_json_@logout", True),
        (SERVICE, "GET_application_json_@audit", False),
        (SERVICE, "POST_application_json_@users", False),
        (SERVICE, "GET_application_json_", False),
        (SERVICE, "@login", False),
        (SERVICE, "POST_application_json_@login_x", False),
        (RESOURCE, "", True),
        (OTHER, "login", False),
        (OTHER, "static", False),
        (OTHER, "++resource++x", False),
    ],
)
def test_what_is_open_before_the_second_factor(kind, name, expected):
    assert openings.is_open(kind, name) is expected


@pytest.mark.parametrize(
    "body,expected",
    [
        ({"login": "ivan", "password": "p"}, None),
        ({"login": "ivan", "password": "p", "otp": "123456"}, None),
        ({"login": "ivan", "password": ""}, None),
        ({"login": "ivan"}, credentials.MISSING),
        ({"password": "p"}, credentials.MISSING),
        ([], credentials.MISSING),
        ("ivan", credentials.MISSING),
        (None, credentials.MISSING),
        ({"login": True, "password": "p"}, credentials.NOT_TEXT),
        ({"login": 1, "password": "p"}, credentials.NOT_TEXT),
        ({"login": 1.5, "password": "p"}, credentials.NOT_TEXT),
        ({"login": None, "password": "p"}, credentials.NOT_TEXT),
        ({"login": ["ivan"], "password": "p"}, credentials.NOT_TEXT),
        ({"login": {"a": 1}, "password": "p"}, credentials.NOT_TEXT),
        ({"login": "ivan", "password": False}, credentials.NOT_TEXT),
        ({"login": "ivan", "password": "p", "otp": 123456}, credentials.NOT_TEXT),
        ({"login": "ivan", "password": "p", "otp": None}, credentials.NOT_TEXT),
        ({"login": "ivan", "password": "p", "otp": ["1"]}, credentials.NOT_TEXT),
        ({"login": "\ud800", "password": "p"}, credentials.BAD_TEXT),
        ({"login": "ivan", "password": "a\udfffb"}, credentials.BAD_TEXT),
        ({"login": "ivan", "password": "p", "otp": "\ud83d"}, credentials.BAD_TEXT),
        ({"login": "iv\x00an", "password": "p"}, credentials.BAD_TEXT),
        ({"login": "x" * 257, "password": "p"}, credentials.BAD_TEXT),
        ({"login": "ivan", "password": "p" * 1025}, credentials.BAD_TEXT),
    ],
)
def test_login_body_problems(body, expected):
    assert credentials.problem(body) == expected
