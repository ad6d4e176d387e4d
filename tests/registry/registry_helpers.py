"""Acts of the registry as the people of tests/registry/conftest.py."""

import datetime
from plone import api
from ratusha.registry import actions
from ratusha.registry.config import today


PASSWORD = "secret-password-1"

# user id, groups
PEOPLE = (
    ("clerk", ("employees", "registrars", "dep-registry")),
    ("clerk2", ("employees", "registrars", "dep-registry")),
    ("writer", ("employees", "dep-budget")),
    ("colleague", ("employees", "dep-budget")),
    ("outsider", ("employees", "dep-taxes")),
    ("head", ("employees", "department-heads", "dep-budget")),
    ("director", ("employees", "directors", "dir-finance")),
    ("deputy", ("employees", "dir-finance")),
    ("secretary", ("employees", "secretaries")),
    ("mayor", ("employees", "mayors")),
)
DEPARTMENTS = (
    ("dep-registry", "Деловодство"),
    ("dep-budget", "Бюджет"),
    ("dep-taxes", "Данъци"),
    ("dir-finance", "Дирекция „Финанси“"),
)


def make_people():
    for group_id, title in DEPARTMENTS:
        if api.group.get(groupname=group_id) is None:
            api.group.create(groupname=group_id, title=title)
    for user_id, groups in PEOPLE:
        if api.user.get(userid=user_id) is None:
            api.user.create(
                email=f"{user_id}@example.org",
                username=user_id,
                password=PASSWORD,
                properties={"fullname": user_id.capitalize()},
            )
        for group_id in groups:
            api.group.add_user(groupname=group_id, username=user_id)
    api.portal.set_registry_record(
        "ratusha.registry.department_parents",
        {"dep-budget": "dir-finance", "dep-taxes": "dir-finance"},
    )


def incoming(
    portal, title="Жалба за уличното осветление", registrar="clerk", register=True, **fields
):
    with api.env.adopt_user(registrar):
        doc = actions.create_incoming(
            portal.registry.incoming,
            dict({"title": title, "kind": "complaint", "department": "dep-budget"}, **fields),
        )
        if register:
            actions.register_document(doc)
    return doc


def outgoing(
    portal,
    author="writer",
    approvers=("head", "director", "mayor"),
    title="Отговор на жалба",
    portal_type="OutgoingDocument",
    **fields,
):
    folder = (
        portal.registry.outgoing if portal_type == "OutgoingDocument" else portal.registry.internal
    )
    defaults = (
        {"recipients": "Иван Иванов, ул. „Роза“ 1"} if portal_type == "OutgoingDocument" else {}
    )
    with api.env.adopt_user(author):
        doc = api.content.create(
            container=folder,
            type=portal_type,
            id=actions.new_id(portal_type),
            title=title,
            **dict(defaults, **fields),
        )
    if approvers is not None:
        doc.approvers = list(approvers)
    return doc


def act(user, obj, transition, comment=""):
    with api.env.adopt_user(user):
        api.portal.get_tool("portal_workflow").doActionFor(obj, transition, comment=comment)
    return api.content.get_state(obj)


def transitions(user, obj):
    with api.env.adopt_user(user):
        workflows = api.portal.get_tool("portal_workflow")
        return sorted(t["id"] for t in workflows.getTransitionsFor(obj))


def can_view(user, obj):
    with api.env.adopt_user(user):
        return bool(api.user.has_permission("View", obj=obj))


def found(user, portal, **query):
    with api.env.adopt_user(user):
        return {b.UID for b in api.content.find(context=portal, **query)}


def in_days(days):
    return (today() + datetime.timedelta(days=days)).isoformat()
