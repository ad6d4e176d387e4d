"""The notification to КЗЛД in the shape of its form (GDPR Art. 33(3)): no Zope imports.

The authority reads Bulgarian, so the form's labels and the notification's template are the
authority's own words, whatever language the officer's screen is in. Times are Sofia's.
"""

import string
import zoneinfo


SOFIA = zoneinfo.ZoneInfo("Europe/Sofia")
UNKNOWN = "не е посочено"

# (key, the label of КЗЛД's form)
FIELDS = (
    ("controller", "Администратор на лични данни"),
    ("dpo", "Длъжностно лице по защита на данните"),
    ("reference", "Номер на инцидента в регистъра"),
    ("source", "Как е установено нарушението"),
    ("discovered", "Дата и час на узнаване"),
    ("deadline", "Срок за уведомяване (72 часа)"),
    ("description", "Описание на нарушението"),
    ("subject_categories", "Категории засегнати субекти на данни"),
    ("subjects_count", "Приблизителен брой засегнати субекти"),
    ("data_categories", "Категории засегнати лични данни"),
    ("records_count", "Приблизителен брой засегнати записи"),
    ("consequences", "Вероятни последици"),
    ("measures", "Предприети или предложени мерки"),
    ("risk", "Оценка на риска"),
    ("tell_subjects", "Засегнатите лица се уведомяват (чл. 34)"),
    ("notified_at", "Дата и час на уведомяването"),
    ("late_reason", "Причини за забавянето"),
)
SOURCES = {
    "manual": "сигнал от служител",
    "alert": "предупреждение за необичаен достъп до лични данни",
    "lockout_storm": "масово блокиране на входове в системата",
    "audit_chain": "нарушена цялост на одитния журнал",
}
RISKS = {
    "unassessed": "не е оценен",
    "none": "малко вероятно е да породи риск",
    "risk": "риск за правата и свободите на лицата",
    "high": "висок риск за правата и свободите на лицата",
}

TEMPLATE = string.Template(
    """До Комисията за защита на личните данни

УВЕДОМЛЕНИЕ
за нарушение на сигурността на личните данни (чл. 33 от Регламент (ЕС) 2016/679)

$controller уведомява за нарушение на сигурността на личните данни, установено на $discovered ($source).

Описание: $description

Засегнати субекти на данни: $subject_categories, приблизително $subjects_count.
Засегнати лични данни: $data_categories, приблизително $records_count записа.

Вероятни последици: $consequences

Предприети или предложени мерки: $measures

Засегнатите лица се уведомяват (чл. 34): $tell_subjects.

Длъжностно лице по защита на данните: $dpo"""
)
LATE = string.Template("\n\nПричини за забавянето (уведомлението е след 72 часа): $late_reason")


def sofia_text(moment) -> str:
    return moment.astimezone(SOFIA).strftime("%d.%m.%Y %H:%M") if moment else UNKNOWN


def sofia_iso(moment) -> str | None:
    return moment.astimezone(SOFIA).isoformat(timespec="seconds") if moment else None


def values(incident: dict) -> dict:
    """The form's values as JSON: times in Sofia ISO 8601, counts as numbers, the rest text."""
    out = {key: incident.get(key) for key, _label in FIELDS}
    for key in ("discovered", "deadline", "notified_at"):
        out[key] = sofia_iso(incident.get(key))
    out["source"] = SOURCES.get(incident.get("source"), incident.get("source"))
    out["risk"] = RISKS.get(incident.get("risk"), incident.get("risk"))
    return out


def rows(incident: dict) -> list[tuple[str, str]]:
    """(label, text) of each field, for the PDF: every field shown, missing ones said so."""
    shown = values(incident)
    for key in ("discovered", "deadline", "notified_at"):
        shown[key] = sofia_text(incident.get(key))
    shown["tell_subjects"] = "да" if incident.get("tell_subjects") else "не"
    return [(label, _text(shown[key])) for key, label in FIELDS]


def _text(value) -> str:
    if value is None or value == "":
        return UNKNOWN
    return str(value)


def notification_text(incident: dict, late: bool = False) -> str:
    """The notification's text filled from the incident; the officer may edit it before sending."""
    shown = {key: _text(value) for key, value in values(incident).items()}
    shown["discovered"] = sofia_text(incident.get("discovered"))
    shown["tell_subjects"] = "да" if incident.get("tell_subjects") else "не"
    text = TEMPLATE.substitute(shown)
    if late:
        text += LATE.substitute(late_reason=shown["late_reason"])
    return text
