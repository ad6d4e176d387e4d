"""The demo read by its people: the mayor's overdue list has one row per document naming its
late executors; the employee's draft answer goes first to the responsible department's head."""

from plone import api
from ratusha.interfaces import IRatushaLayer
from ratusha.personal.panels import get_panels
from ratusha.registry import worklists
from zope.interface import alsoProvides


IRREGULARITIES = "Сигнал за нередности при обществена поръчка"


def test_mayor_sees_each_overdue_document_once_with_its_executors(demo):
    request = demo["request"]
    alsoProvides(request, IRatushaLayer)
    request["LANGUAGE"] = "bg"
    with api.env.adopt_user("mayor"):
        rows = worklists.items("overdue")
        assert len({row["url"] for row in rows}) == len(rows) == worklists.count("overdue")
        (row,) = [r for r in rows if IRREGULARITIES in r["title"]]
        assert sorted(row["executors"]) == ["director.finance", "head.budget"]
        assert len(row["tasks"]) == 2
        html = dict(get_panels(demo["portal"], request))["registry.overdue"].render()
    assert html.count(IRREGULARITIES) == 1
    assert "Изпълнители" in html and "Георги Иванов" in html


def test_executor_reads_her_own_overdue_task_without_her_name(demo):
    request = demo["request"]
    alsoProvides(request, IRatushaLayer)
    with api.env.adopt_user("head.budget"):
        html = dict(get_panels(demo["portal"], request))["registry.overdue"].render()
    assert IRREGULARITIES in html and "Георги Иванов" not in html


def test_employee_draft_for_construction_goes_to_its_head_first(demo):
    catalog = api.portal.get_tool("portal_catalog")
    (brain,) = catalog.unrestrictedSearchResults(
        portal_type="OutgoingDocument", Title="Отговор на жалба за шум"
    )
    doc = brain._unrestrictedGetObject()
    assert doc.Creator() == "employee"
    assert doc.department == "dep-construction"
    assert doc.approvers[0] == "head.construction"
    assert "director.finance" not in doc.approvers
