"""A refused request's path is whatever a client sent: judging it never fails (the clock's
@@personal-data-alerts-check answered 500 after the fuzz harness's refusals)."""

from plone import api
import pytest
from ratusha.privacy.reads.alerts import _holds_personal_data


@pytest.mark.parametrize(
    "path",
    [
        "/plone/title/x",  # a text, then a name below it
        "/plone/getId/x",  # a method, then a name below it
        "/plone/REQUEST/x/y",
        "/plone/..\\x/../../a",
        "/plone/x\ud800",  # a lone surrogate from %ED%A0%80
        "",
        None,
    ],
)
def test_any_path_is_judged_without_error(portal, path):
    assert _holds_personal_data(api.portal.get(), path) is False
