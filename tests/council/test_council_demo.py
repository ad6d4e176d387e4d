"""The demo council: 21 councillors, three committees, two groups, a convened session."""

from plone import api
from ratusha.council import lifecycle
from ratusha.council import opinions
from ratusha.council.councils import agenda
from ratusha.council.councils import committees
from ratusha.council.councils import councillor_ids
from ratusha.council.rooms import room


def test_demo_council(demo):
    portal = demo["portal"]
    council = portal["council"]
    assert council.seats == 21 and council.chair == "councillor01"
    assert len(councillor_ids(council)) == 21
    assert len(committees(council)) == 3
    groups = [o for o in council.objectValues() if o.portal_type == "PoliticalGroup"]
    assert len(groups) == 2 and sum(len(g.members) for g in groups) == 21
    hall = room(council.video_room)
    assert hall.getId() == "obshtinski-savet"
    assert "councillor01" in hall.owners and "council.staff" in hall.owners
    assert set(councillor_ids(council)) <= set(hall.allowed_users)
    session = council["zasedanie-12"]
    assert api.content.get_state(session) == "convened"
    items = agenda(session)
    assert [i.kind for i in items] == [
        "decision",
        "decision",
        "decision",
        "election",
        "information",
        "questions",
    ]
    assert [i.legal_basis_text() for i in items] == [
        "ЗМСМА чл. 21 ал. 1 т. 6",
        "ЗМСМА чл. 21 ал. 1 т. 8",
        "ЗОС чл. 6 ал. 1",
        "ЗМСМА чл. 24",
        "",
        "",
    ]
    assert all(api.content.get_state(i) == "public" for i in items)
    assert all(lifecycle.materials(i) for i in items[:5])
    given = [o for i in items for o in opinions.opinions_of(i) if o.is_given()]
    assert {o.verdict for o in given} == {"for", "for_with_amendments"}
    assert any(opinions.describe(o)["overdue"] for i in items for o in opinions.opinions_of(i))
    assert lifecycle.compliance(session) == []
    first = lifecycle.materials(items[0])[0]
    assert first.file.contentType == "application/pdf" and first.file.data.startswith(b"%PDF")
