"""Demo content for «Община Примерна»: a council of 21, three committees, two political groups,
and a convened session with six agenda items of different kinds and legal bases.

Times are relative to the moment the demo is created: the session is held today (a session
opens only on its day) and can be tried live; it was convened, and its materials published, ten
days ago, with the rulebook's seven days of notice. Everything about the session itself (its
start, the committees' deadlines the day before it, what they were told) is written with today's
dates from the start; only the acts of convening and publishing are dated back.
"""

from DateTime import DateTime
import datetime
import os
import pathlib
from plone import api
from plone.app.contenttypes.interfaces import IFile
from plone.app.textfield.value import RichTextValue
from plone.namedfile.file import NamedBlobFile
from ratusha.core.dates import SOFIA
from ratusha.core.dates import sofia
from ratusha.core.demo import DemoStep
from ratusha.core.naming import create_named
from ratusha.council import opinions
from ratusha.council.councils import agenda
from ratusha.council.councils import COMMITTEE
from ratusha.council.councils import POLITICAL_GROUP
from ratusha.council.councils import SESSION
from ratusha.council.setup import ensure_council
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent


FONT = (
    pathlib.Path(os.environ.get("RATUSHA_PDF_FONTS", "/usr/share/fonts/truetype/dejavu"))
    / "DejaVuSans.ttf"
)
COUNCIL_ROOM = "obshtinski-savet"
SESSION_ID = "zasedanie-12"
COUNCILLORS = [f"councillor{n:02d}" for n in range(1, 22)]

# id, title, chair, secretary, members
COMMITTEES = (
    (
        "byudzhet-i-finansi",
        "Постоянна комисия по бюджет и финанси",
        "councillor04",
        "council.staff",
        COUNCILLORS[3:10],
    ),
    (
        "sobstvenost-i-teritoriya",
        "Постоянна комисия по общинска собственост и устройство на територията",
        "councillor11",
        "council.staff",
        COUNCILLORS[10:16],
    ),
    (
        "zakonnost",
        "Постоянна комисия по законност и обществен ред",
        "councillor17",
        "council.staff",
        COUNCILLORS[16:21] + ["councillor02"],
    ),
)
# id, title, leader, members
GROUPS = (
    ("za-primerna", "Група общински съветници „За Примерна“", "councillor01", COUNCILLORS[:11]),
    (
        "grazhdani",
        "Група общински съветници „Граждани за промяна“",
        "councillor12",
        COUNCILLORS[11:],
    ),
)
# title, kind, legal basis, rapporteur, committees asked, draft decision, opinions given
ITEMS = (
    (
        "Приемане на бюджета на Община Примерна за 2027 г.",
        "decision",
        ("ЗМСМА", "21", "1", "6"),
        "mayor:mayor",
        ("byudzhet-i-finansi",),
        "Общинският съвет приема бюджета на Община Примерна за 2027 г. по приходите и "
        "разходите съгласно приложенията.",
        {"byudzhet-i-finansi": ("for", "Комисията предлага бюджетът да бъде приет.")},
    ),
    (
        "Продажба на общински поземлен имот – УПИ IV-125, кв. 18, гр. Примерна",
        "decision",
        ("ЗМСМА", "21", "1", "8"),
        "mayor:mayor",
        ("sobstvenost-i-teritoriya",),
        "Общинският съвет дава съгласие за продажба чрез публичен търг на УПИ IV-125, кв. 18.",
        {
            "sobstvenost-i-teritoriya": (
                "for_with_amendments",
                "Началната тръжна цена да не е по-ниска от пазарната оценка.",
            )
        },
    ),
    (
        "Обявяване на имот – публична общинска собственост, за частна общинска собственост",
        "decision",
        ("ЗОС", "6", "1", ""),
        "mayor:mayor",
        ("sobstvenost-i-teritoriya", "zakonnost"),
        "Общинският съвет обявява имот с идентификатор 58222.505.114 за частна общинска "
        "собственост, тъй като е престанал да има предназначение на публична.",
        {},
    ),
    (
        "Избор на заместник-председател на Общинския съвет",
        "election",
        ("ЗМСМА", "24", "", ""),
        "councillor:councillor01",
        (),
        "Общинският съвет избира заместник-председател.",
        {},
    ),
    (
        "Информация за изпълнението на бюджета към 30.09.2026 г.",
        "information",
        ("", "", "", ""),
        "mayor:mayor",
        ("byudzhet-i-finansi",),
        "",
        {},
    ),
    ("Питания на общински съветници", "questions", ("", "", "", ""), "", (), "", {}),
)


def pdf(title, lines) -> bytes:
    """A small PDF with the title and lines (DejaVu for Cyrillic; a plain font without it)."""
    from fpdf import FPDF

    document = FPDF(format="A4")
    document.set_title(title)
    document.add_page()
    if FONT.exists():
        document.add_font("DejaVu", "", str(FONT))
        document.set_font("DejaVu", "", 12)
    else:
        document.set_font("Helvetica", "", 12)
        title = title.encode("ascii", "replace").decode()
        lines = [line.encode("ascii", "replace").decode() for line in lines]
    width = document.w - document.l_margin - document.r_margin
    document.multi_cell(width, 8, title, new_x="LMARGIN", new_y="NEXT")
    document.ln(4)
    for line in lines:
        document.multi_cell(width, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(document.output())


def _html(text):
    return RichTextValue(f"<p>{text}</p>", "text/html", "text/x-html-safe") if text else None


def _material(item, title, filename, lines):
    data = pdf(title, lines)
    return create_named(
        item,
        "File",
        title,
        file=NamedBlobFile(data, filename=filename, contentType="application/pdf"),
    )


def configure_council(council, portal):
    council.title = "Общински съвет – Примерна"
    council.description = "Общинският съвет на Община Примерна, мандат 2023–2027."
    council.seats = 21
    council.term = "2023–2027"
    council.councillors = list(COUNCILLORS)
    council.chair = "councillor01"
    council.deputy_chairs = ["councillor02", "councillor03"]
    council.staff = ["council.staff"]
    council.self_checkin = True
    folder = portal.get("meetings")
    hall = folder.get(COUNCIL_ROOM) if folder is not None else None
    if hall is not None:
        council.video_room = hall.UID()
    notify(ObjectModifiedEvent(council))


def create_session(council, committees, now):
    day = now.date()
    start = sofia(datetime.datetime(day.year, day.month, day.day, 10, 0, tzinfo=SOFIA))
    session = api.content.create(
        container=council,
        type=SESSION,
        id=SESSION_ID,
        title="Редовно заседание № 12",
        number=12,
        kind="regular",
        start=start,
        end=start + datetime.timedelta(hours=4),
        place="пл. „Централен“ 1, зала на Общинския съвет",
        mode="in_person",
        livestream_url="https://stream.primerna.example/obshtinski-savet",
        description="Дневен ред и материали за редовното заседание.",
    )
    for number, (title, kind, basis, rapporteur, asked, draft, given) in enumerate(ITEMS, 1):
        law, article, paragraph, point = basis
        item = create_named(
            session,
            "AgendaItem",
            title,
            number=number,
            kind=kind,
            rapporteur=rapporteur or None,
            legal_law=law,
            legal_article=article,
            legal_paragraph=paragraph,
            legal_point=point,
            report=_html(f"Докладна записка относно: {title}."),
            draft_decision=_html(draft),
            committees=[committees[c].UID() for c in asked],
            # the information item's committee has owed its opinion for eleven days
            opinion_deadline=(now - datetime.timedelta(days=11)).date()
            if kind == "information" and asked
            else None,
        )
        if kind in ("decision", "election", "information"):
            _material(
                item,
                f"Докладна записка – т. {number}",
                f"dokladna-{number}.pdf",
                [
                    title,
                    "Вносител: " + (rapporteur.split(":")[-1] if rapporteur else "—"),
                    draft or "",
                ],
            )
        opinions.sync_opinions(item)
        for committee_id, (verdict, text) in given.items():
            opinion = item.get(opinions.OPINION_PREFIX + committee_id)
            opinions.give(opinion, verdict, text, user_id=committees[committee_id].chair)
    return session


def create_demo(portal=None, now=None):
    portal = portal if portal is not None else api.portal.get()
    council = ensure_council(portal)
    if council.get(SESSION_ID) is not None:
        return council
    now = sofia(now or datetime.datetime.now(SOFIA))
    with api.env.adopt_roles(["Manager"]):
        configure_council(council, portal)
        committees = {}
        for committee_id, title, chair, secretary, members in COMMITTEES:
            committees[committee_id] = api.content.create(
                container=council,
                type=COMMITTEE,
                id=committee_id,
                title=title,
                chair=chair,
                secretary=secretary,
                members=list(members),
            )
        for group_id, title, leader, members in GROUPS:
            api.content.create(
                container=council,
                type=POLITICAL_GROUP,
                id=group_id,
                title=title,
                leader=leader,
                members=list(members),
            )
        session = create_session(council, committees, now)
        convene_back_dated(session, council, datetime.timedelta(days=10))
    return council


def convene_back_dated(session, council, delta):
    """Convene the session as if `delta` ago: the guard counts the notice from today, so the
    rulebook's notice is waived for this one act; then the act and the materials are dated
    `delta` back (the notice they gave, more than the rulebook asks)."""
    notice = council.notice_days
    council.notice_days = 0
    try:
        api.content.transition(obj=session, transition="convene")
    finally:
        council.notice_days = notice
    session.published_on -= delta
    for item in agenda(session):
        for obj in item.objectValues():
            if IFile.providedBy(obj):
                obj.creation_date = DateTime(obj.created().asdatetime() - delta)
                obj.reindexObject(idxs=["created"])
    session.reindexObject()


demo_step = DemoStep(40, create_demo)
