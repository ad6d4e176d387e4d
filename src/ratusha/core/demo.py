"""The demo municipality «Община Примерна»: departments, people for every role, a welcome.

For local use only: every demo user has the password in DEMO_PASSWORD (README).
"""

import os
from plone import api
from ratusha.core.interfaces import IDemoStep
from zope.component import getUtilitiesFor
from zope.interface import implementer


DEMO_PASSWORD = os.environ.get("RATUSHA_DEMO_PASSWORD", "ratusha-demo")
MAIL_DOMAIN = "primerna.example"

# group id, title, description
DEPARTMENTS = (
    ("dir-administration", "Дирекция „Административно обслужване“", "Дирекция"),
    ("dep-registry", "Отдел „Деловодство и архив“", "Дирекция „Административно обслужване“"),
    ("dir-finance", "Дирекция „Финанси и бюджет“", "Дирекция"),
    ("dep-budget", "Отдел „Бюджет“", "Дирекция „Финанси и бюджет“"),
    ("dep-taxes", "Отдел „Местни данъци и такси“", "Дирекция „Финанси и бюджет“"),
    ("dir-territory", "Дирекция „Устройство на територията“", "Дирекция"),
    ("dep-construction", "Отдел „Строителство и контрол“", "Дирекция „Устройство на територията“"),
    ("council", "Общински съвет – Примерна", "Общинският съвет и неговата администрация"),
)

# user id, full name, job title, groups
STAFF = (
    (
        "registrar",
        "Мария Петрова",
        "Старши деловодител",
        ("employees", "registrars", "dep-registry"),
    ),
    ("employee", "Иван Стоянов", "Главен специалист", ("employees", "dep-taxes")),
    (
        "head.budget",
        "Георги Иванов",
        "Началник на отдел „Бюджет“",
        ("employees", "department-heads", "dep-budget"),
    ),
    (
        "head.construction",
        "Елена Димитрова",
        "Началник на отдел „Строителство и контрол“",
        ("employees", "department-heads", "dep-construction"),
    ),
    (
        "director.finance",
        "Петър Николов",
        "Директор на дирекция „Финанси и бюджет“",
        ("employees", "directors", "dir-finance"),
    ),
    ("secretary", "Даниела Георгиева", "Секретар на общината", ("employees", "secretaries")),
    ("mayor", "Стефан Костов", "Кмет на община Примерна", ("employees", "mayors")),
    ("auditor", "Росица Тодорова", "Вътрешен одитор", ("auditors",)),
    (
        "dpo",
        "Анелия Маринова",
        "Длъжностно лице по защита на данните",
        ("employees", "data-protection", "dir-administration"),
    ),
    (
        "council.staff",
        "Надежда Василева",
        "Експерт в звеното към общинския съвет",
        ("employees", "council-staff", "council"),
    ),
    ("itadmin", "Калин Маринов", "Системен администратор", ("employees", "Site Administrators")),
)

COUNCILLORS = (
    "Антон Ангелов",
    "Борислава Христова",
    "Васил Петков",
    "Галина Илиева",
    "Деян Колев",
    "Евгения Райкова",
    "Живко Симеонов",
    "Зорница Маринова",
    "Илия Йорданов",
    "Йоана Павлова",
    "Калоян Стефанов",
    "Лиляна Атанасова",
    "Младен Велков",
    "Невена Николова",
    "Огнян Тодоров",
    "Поля Русева",
    "Радослав Генчев",
    "Силвия Костадинова",
    "Тодор Добрев",
    "Цветелина Янева",
    "Явор Милев",
)
CHAIR = "councillor01"


@implementer(IDemoStep)
class DemoStep:
    """A capability's demo function as a named utility, with its place in the run."""

    def __init__(self, order, create):
        self.order = order
        self.create = create

    def __call__(self, portal):
        self.create(portal)


def councillors():
    """(user id, full name, groups) for the 21 councillors; the first chairs the council."""
    for number, name in enumerate(COUNCILLORS, start=1):
        user_id = f"councillor{number:02d}"
        groups = ("councillors", "council") + (("council-chair",) if user_id == CHAIR else ())
        yield user_id, name, groups


def ensure_departments():
    for group_id, title, description in DEPARTMENTS:
        if api.group.get(groupname=group_id) is None:
            api.group.create(groupname=group_id, title=title, description=description)


def ensure_user(user_id, fullname, groups, description=""):
    if api.user.get(userid=user_id) is None:
        api.user.create(
            username=user_id,
            email=f"{user_id}@{MAIL_DOMAIN}",
            password=DEMO_PASSWORD,
            properties={"fullname": fullname, "description": description},
        )
    for group_id in groups:
        api.group.add_user(groupname=group_id, username=user_id)


def ensure_pages(portal):
    if "za-obshtinata" not in portal:
        page = api.content.create(
            container=portal,
            type="Document",
            id="za-obshtinata",
            title="За Община Примерна",
            description="Обща информация за общината, кмета и общинския съвет.",
        )
        api.content.transition(obj=page, to_state="published")


def post_install(context):
    portal = api.portal.get()
    ensure_departments()
    for user_id, fullname, title, groups in STAFF:
        ensure_user(user_id, fullname, groups, title)
    for user_id, fullname, groups in councillors():
        ensure_user(user_id, fullname, groups, "Общински съветник")
    ensure_pages(portal)
    # each capability adds its own demo content after the people exist
    for _name, step in sorted(getUtilitiesFor(IDemoStep), key=lambda item: item[1].order):
        step(portal)
