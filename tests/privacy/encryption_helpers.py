"""People and a citizen's letter for the tests of encryption at rest."""

from plone import api
from ratusha.registry import actions


PASSWORD = "secret-password-1"
EGN = "8002154417"
ADDRESS = "гр. Примерно, ул. „Шипка“ 23, вх. Б"
# the clerk registers; the colleague works in the department that sees the letter but may not
# read personal data; people of these tests only (other modules' clerks use other names)
PEOPLE = (
    ("cipherclerk", ("employees", "registrars", "dep-p1")),
    ("cipherpeer", ("employees", "dep-p1")),
)


def make_people():
    if api.group.get(groupname="dep-p1") is None:
        api.group.create(groupname="dep-p1", title="Социални дейности")
    for user_id, groups in PEOPLE:
        if api.user.get(userid=user_id) is None:
            api.user.create(email=f"{user_id}@example.org", username=user_id, password=PASSWORD)
        for group_id in groups:
            api.group.add_user(groupname=group_id, username=user_id)


def letter(portal, personal_number=EGN, address=ADDRESS, title="Молба за социална помощ"):
    with api.env.adopt_user("cipherclerk"):
        doc = actions.create_incoming(
            portal.registry.incoming,
            {
                "title": title,
                "kind": "application",
                "department": "dep-p1",
                "sender_name": "Мария Петрова",
                "sender_personal_number": personal_number,
                "sender_address": address,
            },
        )
        actions.register_document(doc)
    return doc
