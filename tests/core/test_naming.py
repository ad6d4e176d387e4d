"""Content created with an id chosen from its title is never renamed, so nothing is unindexed."""

import logging
from plone import api
from ratusha.core.naming import create_named


def test_the_id_comes_from_the_title_and_nothing_logs_an_error(portal, caplog):
    with api.env.adopt_roles(["Manager"]):
        first = create_named(portal, "Folder", "Заседание 12")
        with caplog.at_level(logging.ERROR):
            second = create_named(first, "Document", "Докладна записка")
            third = create_named(first, "Document", "Докладна записка")
    assert first.getId() == "zasedanie-12"
    assert (second.getId(), third.getId()) == ("dokladna-zapiska", "dokladna-zapiska-1")
    assert api.content.find(UID=third.UID())[0].getPath().endswith("/dokladna-zapiska-1")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
