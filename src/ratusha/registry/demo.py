"""Demo registry of «Община Примерна»: documents in every state, resolutions, approval chains.

Called at the end of the demo profile (an IDemoStep of ratusha.core.demo). Every act is done as
the demo person who would do it, through the same functions as the pages and REST services,
so numbers, chains, notifications and audit records are real. Runs once (a marker on the
registry folder).
"""

import datetime
from plone import api
from ratusha.core.demo import DemoStep
from ratusha.notifications.interfaces import mark_read
from ratusha.registry import actions
from ratusha.registry import substitutes
from ratusha.registry.config import today
from ratusha.registry.setup import registry_folder


MARKER = "_ratusha_demo"
PARENTS = {
    "dep-budget": "dir-finance",
    "dep-taxes": "dir-finance",
    "dep-construction": "dir-territory",
    "dep-registry": "dir-administration",
}

# title, kind, channel, sender, department, attention, target state, extra
INCOMING = (
    (
        "Заявление за издаване на скица на поземлен имот",
        "application",
        "counter",
        "Пенка Димова",
        "dep-construction",
        "head.construction",
        "received",
        {},
    ),
    (
        "Сигнал за паднало дърво на ул. „Вазов“",
        "signal",
        "phone",
        "Стоян Колев",
        "dep-construction",
        "head.construction",
        "received",
        {},
    ),
    (
        "Жалба срещу начислен данък върху недвижим имот",
        "complaint",
        "post",
        "Васил Георгиев",
        "dep-taxes",
        "director.finance",
        "registered",
        {},
    ),
    (
        "Предложение за ремонт на детската площадка в кв. „Изток“",
        "proposal",
        "email",
        "Сдружение „Зелен квартал“",
        "dep-construction",
        "head.construction",
        "registered",
        {"sender_type": "organisation", "sender_eik": "176543210"},
    ),
    (
        "Писмо от Областна администрация относно зимното поддържане",
        "letter",
        "seos",
        "Областна администрация – Примерна",
        "dep-construction",
        "mayor",
        "registered",
        {"sender_type": "organisation", "sender_eik": "000456789"},
    ),
    (
        "Заявление за достъп до обществена информация за бюджета за 2026 г.",
        "information",
        "edelivery",
        "Мария Иванова",
        "dep-budget",
        "head.budget",
        "assigned",
        {
            "assignees": ["head.budget"],
            "instruction": "Да се подготви отговор с данните от приетия бюджет.",
            "days": 10,
        },
    ),
    (
        "Жалба за шум от заведение на ул. „Раковски“ 12",
        "complaint",
        "email",
        "Елица Маркова",
        "dep-construction",
        "head.construction",
        "assigned",
        {
            "assignees": ["head.construction", "employee"],
            "instruction": "Проверка на място и протокол.",
            "days": 5,
        },
    ),
    (
        "Искане за разсрочване на задължения за местни данъци",
        "application",
        "counter",
        "Тодор Ангелов",
        "dep-taxes",
        "director.finance",
        "in_progress",
        {
            "assignees": ["employee"],
            "instruction": "Да се изготви справка за задълженията.",
            "days": 7,
            "start": True,
        },
    ),
    (
        "Сигнал за нередности при обществена поръчка",
        "signal",
        "post",
        "Георги Тодоров",
        "dep-budget",
        "mayor",
        "in_progress",
        {
            "assignees": ["director.finance", "head.budget"],
            "instruction": "Проверка и становище до кмета.",
            "days": 20,
            "start": True,
            "overdue": True,
        },
    ),
    (
        "Заявление за удостоверение за данъчна оценка",
        "application",
        "counter",
        "Анна Петкова",
        "dep-taxes",
        "director.finance",
        "answered",
        {
            "assignees": ["employee"],
            "instruction": "Да се издаде удостоверението.",
            "days": 3,
            "start": True,
            "complete": True,
        },
    ),
    (
        "Писмо от НАП за обмен на данни",
        "letter",
        "seos",
        "Национална агенция за приходите",
        "dep-taxes",
        "director.finance",
        "closed",
        {
            "sender_type": "organisation",
            "sender_eik": "131063188",
            "assignees": ["employee"],
            "instruction": "За сведение и изпълнение.",
            "days": 5,
            "start": True,
            "complete": True,
        },
    ),
    (
        "Жалба, изпратена до общината по погрешка",
        "complaint",
        "post",
        "Николай Илиев",
        "dep-registry",
        None,
        "returned",
        {"reason": "Не е от компетентността на общината; препратена до РЗИ."},
    ),
    (
        "Анонимен сигнал за незаконно строителство",
        "signal",
        "email",
        "",
        "dep-construction",
        "head.construction",
        "left_without_consideration",
        {"anonymous": True, "reason": "Анонимен сигнал – чл. 111, ал. 4 АПК."},
    ),
    (
        "Заявление, регистрирано два пъти по грешка",
        "application",
        "counter",
        "Калина Стоева",
        "dep-registry",
        None,
        "cancelled",
        {"reason": "Дублирана регистрация на вх. документ."},
    ),
)

# title, kind, author, approvers (None: the default chain), steps approved, target, extra
OUTGOING = (
    (
        "Отговор на жалба за шум",
        "answer",
        "employee",
        None,
        0,
        "draft",
        {"department": "dep-construction"},
    ),
    (
        "Покана за обществено обсъждане на бюджета",
        "notice",
        "head.budget",
        ["director.finance", "secretary", "mayor"],
        0,
        "in_approval",
        {},
    ),
    (
        "Отговор на заявление за достъп до информация",
        "answer",
        "employee",
        ["director.finance", "secretary", "mayor"],
        1,
        "in_approval",
        {},
    ),
    (
        "Уведомление за разсрочване на задължения",
        "letter",
        "employee",
        ["director.finance", "mayor"],
        1,
        "in_approval",
        {},
    ),
    (
        "Писмо до Областна администрация за зимното поддържане",
        "letter",
        "head.construction",
        ["secretary", "mayor"],
        2,
        "approved",
        {},
    ),
    (
        "Удостоверение за данъчна оценка – придружително писмо",
        "letter",
        "employee",
        ["director.finance"],
        1,
        "signed",
        {},
    ),
    (
        "Отговор до НАП за обмен на данни",
        "answer",
        "employee",
        ["director.finance", "mayor"],
        2,
        "registered",
        {},
    ),
    (
        "Отговор на сдружение „Зелен квартал“",
        "answer",
        "head.construction",
        ["secretary", "mayor"],
        2,
        "dispatched",
        {},
    ),
    (
        "Писмо до РЗИ за препратена жалба",
        "letter",
        "employee",
        ["director.finance"],
        1,
        "archived",
        {},
    ),
)

INTERNAL = (
    (
        "Докладна записка за ремонт на покрива на читалището",
        "report",
        "head.construction",
        ["secretary", "mayor"],
        0,
        "draft",
        {},
    ),
    (
        "Докладна записка за актуализация на бюджета",
        "report",
        "head.budget",
        ["director.finance", "secretary", "mayor"],
        1,
        "in_approval",
        {},
    ),
    (
        "Вътрешна бележка: график на отпуските",
        "memo",
        "employee",
        ["director.finance"],
        0,
        "in_approval",
        {},
    ),
    (
        "Докладна записка за закупуване на сол за зимата",
        "report",
        "head.construction",
        ["secretary", "mayor"],
        0,
        "rejected",
        {"reason": "Липсва сравнение на поне три оферти."},
    ),
    (
        "Докладна записка за обучение по киберсигурност",
        "report",
        "head.budget",
        ["director.finance", "mayor"],
        2,
        "registered",
        {},
    ),
)


def _go(user, obj, transition, comment=""):
    with api.env.adopt_user(user):
        api.portal.get_tool("portal_workflow").doActionFor(obj, transition, comment=comment)


def _incoming(folder, row):
    title, kind, channel, sender, department, attention, target, extra = row
    data = {
        "title": title,
        "kind": kind,
        "channel": channel,
        "sender_name": sender,
        "department": department,
        "sender_type": extra.get("sender_type", "person"),
        "anonymous": extra.get("anonymous", False),
    }
    if attention:
        data["attention_to"] = attention
    if extra.get("sender_eik"):
        data["sender_eik"] = extra["sender_eik"]
    with api.env.adopt_user("registrar"):
        doc = actions.create_incoming(folder["incoming"], data)
        if target == "received":
            return doc
        actions.register_document(doc)
    if target in ("returned", "cancelled"):
        _go(
            "registrar",
            doc,
            "return_to_sender" if target == "returned" else "cancel",
            extra["reason"],
        )
        return doc
    if target == "left_without_consideration":
        _go(attention, doc, "leave_without_consideration", extra["reason"])
        return doc
    if "assignees" in extra:
        day = today()
        with api.env.adopt_user(attention or "mayor"):
            resolution = actions.issue_resolution(
                doc,
                extra["assignees"],
                extra["instruction"],
                deadline=(day + datetime.timedelta(days=extra["days"])).isoformat(),
            )
        tasks = resolution.tasks()
        if extra.get("overdue"):
            # a resolution written weeks ago whose deadline has passed
            for task in tasks:
                task.deadline = day - datetime.timedelta(days=3)
                task.reindexObject()
            doc.deadline = day - datetime.timedelta(days=3)
            doc.reindexObject()
        if extra.get("start"):
            _go(tasks[0].assignee, tasks[0], "start")
        if extra.get("complete"):
            for task in tasks:
                _go(task.assignee, task, "complete", "Изпълнено.")
            _go(tasks[0].assignee, doc, "answer")
            if target == "closed":
                _go(attention, doc, "close")
    return doc


def _approvable(folder, portal_type, row):
    title, kind, author, approvers, approved, target, extra = row
    register = folder["outgoing" if portal_type == "OutgoingDocument" else "internal"]
    fields = {
        "kind": kind,
        "body": "Уважаеми госпожи и господа,\n\nВъв връзка с Вашето "
        "запитване Ви уведомяваме, че общината ще предприеме "
        "необходимите действия в законовия срок.\n\nС уважение,",
    }
    if portal_type == "OutgoingDocument":
        fields["recipients"] = "Г-н Васил Георгиев\nул. „Цар Симеон“ 5, гр. Примерна"
    if extra.get("department"):
        fields["department"] = extra["department"]
    with api.env.adopt_user(author):
        doc = api.content.create(
            container=register,
            type=portal_type,
            id=actions.new_id(portal_type),
            title=title,
            **fields,
        )
        if approvers is not None:
            doc.approvers = list(approvers)
    if target == "draft":
        return doc
    _go(author, doc, "submit")
    approvers = list(doc.approvers)
    for approver in approvers[:approved]:
        remaining = len(doc.approval_steps) - [s["state"] for s in doc.approval_steps].count(
            "approved"
        )
        _go(approver, doc, "approve_final" if remaining == 1 else "approve", "Съгласувам.")
    if target == "rejected":
        _go(approvers[approved], doc, "reject", extra["reason"])
        return doc
    if target in ("in_approval", "approved"):
        return doc
    _go(doc.effective_signatory(), doc, "sign")
    if target == "signed":
        return doc
    _go("registrar", doc, "register")
    if target in ("dispatched", "archived"):
        _go("registrar", doc, "dispatch", "Изпратено по СЕОС.")
    if target == "archived":
        _go("registrar", doc, "archive")
    return doc


def create_demo(portal):
    folder = registry_folder(portal)
    if folder is None or getattr(folder, MARKER, False):
        return
    api.portal.set_registry_record("ratusha.registry.department_parents", dict(PARENTS))
    incoming = [_incoming(folder, row) for row in INCOMING]
    for row in OUTGOING:
        _approvable(folder, "OutgoingDocument", row)
    for row in INTERNAL:
        _approvable(folder, "InternalDocument", row)
    with api.env.adopt_user("registrar"):
        case = api.content.create(
            container=folder["case-files"],
            type="CaseFile",
            id=actions.new_id("CaseFile"),
            title="Шум от заведения в централната градска част",
            department="dep-construction",
        )
    for doc in incoming:
        if "шум" in doc.title:
            doc.case_file = api.content.get_uuid(case)
            doc.reindexObject()
    day = today()
    with api.env.adopt_roles(["Manager"]):
        substitutes.add(
            "mayor",
            "secretary",
            day + datetime.timedelta(days=14),
            day + datetime.timedelta(days=18),
        )
    _history_read(portal)
    setattr(folder, MARKER, True)


def _history_read(portal):
    """The demo's acts happened "before" anyone logs in: their notices are already read, so
    the welcome stays the one new notice and the registry panels show the work itself."""
    mark_read(portal, "registry.")


demo_step = DemoStep(20, create_demo)
