"""The demo registry: documents in every state, chains at every step, work for every person."""

from plone import api
from ratusha.registry import seos
from ratusha.registry import worklists


class TestDemoRegistry:
    def test_every_state_is_shown(self, demo):
        catalog = api.portal.get_tool("portal_catalog")
        states = {}
        for brain in catalog.unrestrictedSearchResults(
            portal_type=["IncomingDocument", "OutgoingDocument", "InternalDocument", "RegistryTask"]
        ):
            states.setdefault(brain.portal_type, set()).add(brain.review_state)
        assert states["IncomingDocument"] == {
            "received",
            "registered",
            "assigned",
            "in_progress",
            "answered",
            "closed",
            "returned",
            "left_without_consideration",
            "cancelled",
        }
        assert states["OutgoingDocument"] == {
            "draft",
            "in_approval",
            "approved",
            "signed",
            "registered",
            "dispatched",
            "archived",
        }
        assert {"draft", "in_approval", "registered"} <= states["InternalDocument"]
        assert {"assigned", "in_progress", "done"} <= states["RegistryTask"]
        assert set(seos.STATE_CODES) - {"cancelled"} <= set().union(*states.values()) | {
            "cancelled"
        }
        assert (
            len(
                catalog.unrestrictedSearchResults(
                    portal_type=["IncomingDocument", "OutgoingDocument", "InternalDocument"]
                )
            )
            >= 25
        )

    def test_work_for_the_demo_people(self, demo):
        expected = {
            ("director.finance", "for-approval"): 2,
            ("secretary", "for-approval"): 2,
            ("mayor", "for-approval"): 1,
            ("employee", "assigned"): 2,
            ("employee", "drafts"): 1,
            ("director.finance", "overdue"): 1,
            ("mayor", "overdue"): 1,
        }
        for (user, name), count in expected.items():
            with api.env.adopt_user(user):
                assert worklists.count(name) >= count, (user, name)

    def test_rejected_report_is_back_with_its_author(self, demo):
        catalog = api.portal.get_tool("portal_catalog")
        [brain] = catalog.unrestrictedSearchResults(SearchableText="сол")
        doc = brain._unrestrictedGetObject()
        assert api.content.get_state(doc) == "draft"
        assert doc.approval_steps[0]["state"] == "rejected"
        assert "оферти" in doc.approval_steps[0]["comment"]
