"""What the council decides about its votes, and the legal precondition of a remote session.

On the council (an annotation): the majority rule table (JSON of majority.rules_to_json,
DEFAULT_RULES until staff change it) and whether a councillor may change an electronic vote
until the poll closes. On a session: the recorded precondition of чл. 28а ЗМСМА (the
emergency, the act that declared it, its number and date); outside that regime votes from
outside the hall are refused.
"""

import datetime
import json
from persistent.mapping import PersistentMapping
from ratusha import _
from ratusha.audit.interfaces import record
from ratusha.core.dates import SOFIA
from ratusha.council import majority
from ratusha.council import rules as council_rules
from ratusha.council.councils import council_of
from ratusha.council.voting.polls import BASIS_KINDS
from ratusha.council.voting.polls import stored
from zope.annotation.interfaces import IAnnotations


COUNCIL_KEY = "ratusha.council.voting.settings"
SESSION_KEY = "ratusha.council.voting.remote"

EMERGENCY, EPIDEMIC, DISASTER = "emergency", "epidemic", "disaster"
GROUNDS = (
    (EMERGENCY, _("remote_ground_emergency", default="State of emergency (извънредно положение)")),
    (
        EPIDEMIC,
        _(
            "remote_ground_epidemic",
            default="Emergency epidemic situation (извънредна епидемична обстановка)",
        ),
    ),
    (DISASTER, _("remote_ground_disaster", default="Disaster (бедствие)")),
)


class SettingsError(ValueError):
    """Bad settings; `message` is translatable."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _council_settings(council, create=False):
    found = stored(council, COUNCIL_KEY, PersistentMapping, create)
    return found if found is not None else {}


def rule_table(council) -> tuple:
    text = _council_settings(council).get("rules") if council is not None else None
    if not text:
        return majority.DEFAULT_RULES
    return majority.rules_from_json(text)


def allow_change(council) -> bool:
    """Whether a councillor may change an electronic vote before the poll closes."""
    if council is None:
        return True
    return bool(_council_settings(council).get("allow_change", True))


def validate_rules(rows) -> tuple:
    """The rule table from REST or the form: a list of dicts; SettingsError names the row."""
    if not isinstance(rows, list) or not rows:
        raise SettingsError(
            _("error_rules_list", default="The rule table must be a non-empty list of rules.")
        )
    try:
        table = majority.rules_from_json(json.dumps(rows, ensure_ascii=False))
    except majority.MajorityError as exc:
        raise SettingsError(
            _(
                "error_rules_row",
                default="The rule table is wrong: ${reason}",
                mapping={"reason": str(exc)},
            )
        ) from None
    if not any(rule.basis is None for rule in table):
        raise SettingsError(
            _("error_rules_default", default="Keep a default rule (one without a legal basis).")
        )
    return table


def set_voting_settings(council, rows=None, change=None) -> None:
    """Store a validated table and/or the vote-change setting; audited."""
    settings = _council_settings(council, create=True)
    details = {}
    if rows is not None:
        table = validate_rules(rows)
        settings["rules"] = majority.rules_to_json(table)
        details["rules"] = len(table)
    if change is not None:
        settings["allow_change"] = bool(change)
        details["allow_change"] = bool(change)
    record("council.voting-settings", council, details=details)


def rule_for_item(item, kind, session) -> majority.Rule:
    """The rule of a poll: the item's legal basis for its decision, amendments and elections;
    the council's default rule for agenda and procedural votes. The table valid on the day of
    the session applies."""
    table = rule_table(council_of(item))
    day = session_day(session)
    if kind in BASIS_KINDS:
        return majority.rule_for_bases([item.legal_basis()], table, day)
    return majority.rule_for(None, table, day)


def session_day(session) -> datetime.date:
    start = getattr(session, "start", None)
    if start is None:
        return datetime.datetime.now(SOFIA).date()
    if start.tzinfo is None:
        start = start.replace(tzinfo=datetime.UTC)
    return start.astimezone(SOFIA).date()


# -- remote sessions (чл. 28а ЗМСМА) ---------------------------------------------------------


def remote_basis(session):
    """The recorded precondition: {"ground", "act", "number", "date", "by", "at"} or None."""
    found = IAnnotations(session).get(SESSION_KEY)
    return dict(found) if found else None


def validate_basis(data) -> dict:
    if not isinstance(data, dict):
        raise SettingsError(
            _("error_remote_basis_body", default='Send {"ground", "act", "number", "date"}.')
        )
    ground = data.get("ground")
    act = (data.get("act") or "").strip() if isinstance(data.get("act"), str) else ""
    number = (str(data.get("number") or "")).strip()
    if ground not in dict(GROUNDS) or not act or not number:
        raise SettingsError(
            _(
                "error_remote_basis_fields",
                default="Give the ground (emergency, epidemic or disaster), the "
                "act that declared it and its number.",
            )
        )
    try:
        day = datetime.date.fromisoformat(str(data.get("date") or ""))
    except ValueError:
        raise SettingsError(
            _("error_remote_basis_date", default="Give the date of the act as YYYY-MM-DD.")
        ) from None
    if day > datetime.datetime.now(SOFIA).date():
        raise SettingsError(
            _("error_remote_basis_future", default="The act cannot be dated in the future.")
        )
    return {"ground": ground, "act": act, "number": number, "date": day.isoformat()}


def basis_text(basis) -> str:
    day = datetime.date.fromisoformat(basis["date"]).strftime("%d.%m.%Y")
    return f"{basis['act']} № {basis['number']} от {day} (чл. 28а ЗМСМА)"


def set_remote_basis(session, data, actor) -> dict:
    """Record the precondition (validated); the session's own basis text follows it."""
    basis = validate_basis(data)
    basis.update(by=actor, at=datetime.datetime.now(datetime.UTC).isoformat())
    IAnnotations(session)[SESSION_KEY] = PersistentMapping(basis)
    if not (getattr(session, "remote_basis", "") or "").strip():
        session.remote_basis = basis_text(basis)
    record(
        "council.remote-basis",
        session,
        details={"ground": basis["ground"], "number": basis["number"], "date": basis["date"]},
    )
    return basis


def is_remote_mode(session) -> bool:
    return getattr(session, "mode", None) in council_rules.WITH_VIDEO


def remote_regime(session) -> bool:
    """Votes from outside the hall are lawful: a video session of a council that allows them,
    with its precondition recorded."""
    council = council_of(session)
    return bool(
        is_remote_mode(session)
        and council is not None
        and council.remote_allowed
        and remote_basis(session)
    )
