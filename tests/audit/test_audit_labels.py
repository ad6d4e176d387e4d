"""Every action the product records, and every key of its details, reads as a label on the audit
pages; workflow, state and transition ids read as their titles. Stored records stay as they are.

The actions and keys are found in the code itself (every call of the recorder), so a new action
without a label fails here the day it is added.
"""

import ast
from audit_helpers import PASSWORD
from audit_helpers import people
import json
import pathlib
from plone import api
from plone.testing.zope import Browser
import pytest
from ratusha.audit.labels import ACTIONS
from ratusha.audit.labels import detail_items
from ratusha.audit.labels import DETAILS
from ratusha.privacy.incidents.rules import ACTS as INCIDENT_ACTS
from ratusha.registry.subscribers import RECORDED
import re
import transaction
import xml.etree.ElementTree as ET
from zope.i18n import translate


ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCES = ROOT / "src" / "ratusha"
RECORDERS = {"record", "entry"}
# actions named by a variable where they are recorded (audit/query.py, audit/store.py)
NAMED_ELSEWHERE = {"audit.search", "audit.export", "audit.history", "audit.purge"}


def transitions(workflow):
    root = ET.parse(ROOT / "workflows" / workflow / "definition.xml").getroot()
    return {node.get("transition_id") for node in root.iter("transition")}


def recorder_calls():
    for path in SOURCES.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and node.args
                and getattr(node.func, "id", getattr(node.func, "attr", None)) in RECORDERS
            ):
                yield path, node


def template(joined):
    """An f-string as its text with `{expression}` holes: the same on every Python (3.12's
    unparse writes f-strings with other quotes)."""
    return "".join(
        part.value if isinstance(part, ast.Constant) else "{" + ast.unparse(part.value) + "}"
        for part in joined.values
    )


def recorded_actions():
    """Literal actions, and the families an f-string builds from workflow transitions."""
    found, families = set(NAMED_ELSEWHERE), set()
    for _path, call in recorder_calls():
        action = call.args[0]
        if isinstance(action, ast.Constant) and isinstance(action.value, str):
            found.add(action.value)
        elif isinstance(action, ast.JoinedStr):
            families.add(template(action))
    documents = set().union(
        *(
            transitions(w)
            for w in (
                "ratusha_incoming_workflow",
                "ratusha_outgoing_workflow",
                "ratusha_casefile_workflow",
            )
        )
    )
    expanded = {
        "registry.{transition}": {f"registry.{t}" for t in RECORDED & documents},
        "registry.task-{transition}": {
            f"registry.task-{t}" for t in RECORDED & transitions("ratusha_task_workflow")
        },
        "council.session-{action.replace('_', '-')}": {
            f"council.session-{t.replace('_', '-')}"
            for t in transitions("ratusha_council_session_workflow")
        },
        "privacy.incident-{act.replace('_', '-')}": {
            f"privacy.incident-{act.replace('_', '-')}" for act in INCIDENT_ACTS
        },
    }
    assert families <= set(expanded), f"an action family the test does not know: {families}"
    return found.union(*expanded.values())


def detail_keys():
    """Keys of every details={...} literal given to the recorder."""
    keys = set()
    for _path, call in recorder_calls():
        for keyword in call.keywords:
            if keyword.arg == "details" and isinstance(keyword.value, ast.Dict):
                keys |= {k.value for k in keyword.value.keys if isinstance(k, ast.Constant)}
    return keys


def test_every_recorded_action_has_a_label():
    actions = recorded_actions()
    assert len(actions) > 100
    assert sorted(actions - set(ACTIONS)) == []


def test_every_detail_key_has_a_label():
    keys = detail_keys() | {
        "transition",
        "state",
        "number",
        "from",
        "to",
        "convened_for",
        "opened_on",
        "adopted",
        "messages",
        "sequence",
        "method",
    }
    assert sorted(keys - set(DETAILS)) == []


@pytest.mark.parametrize("language", ["bg", "en"])
def test_labels_are_translated(portal, language):
    for label in list(ACTIONS.values()) + list(DETAILS.values()):
        text = translate(label, target_language=language)
        assert text != str(label), label
        if language == "bg":
            assert not re.search("[A-Za-z]{3,}", text.replace("PDF", "").replace("ODT", "")), text


def titles(kind, value, details):
    return {
        ("state", "closed"): "Закрито",
        ("transition", "close"): "Закриване",
        ("workflow", "w"): "Заседание",
    }.get((kind, value))


@pytest.mark.parametrize(
    "raw,expected",
    [
        (
            '{"comment": "", "state": "closed", "transition": "close", "workflow": "w"}',
            [
                (DETAILS["comment"], "—"),
                (DETAILS["state"], "Закрито"),
                (DETAILS["transition"], "Закриване"),
                (DETAILS["workflow"], "Заседание"),
            ],
        ),
        (
            '{"from": "/plone/a", "fields": ["title"]}',
            [(DETAILS["from"], "/plone/a"), (DETAILS["fields"], '["title"]')],
        ),
        ('{"state": "unknown"}', [(DETAILS["state"], "unknown")]),
        ('{"brand_new_key": 1}', [("brand_new_key", "1")]),
        ("not json", [("", "not json")]),
        ("", []),
    ],
)
def test_detail_items(raw, expected):
    assert detail_items(raw, titles) == expected


def test_audit_pages_show_labels_and_titles_not_ids(functional):
    """A page published: the auditor reads the act, the state and the workflow by their titles;
    the stored record keeps the ids."""
    portal = functional["portal"]
    people()
    with api.env.adopt_roles(["Manager"]):
        doc = api.content.create(container=portal, type="Document", id="plan", title="План")
        api.content.transition(obj=doc, transition="publish", comment="Готово")
    transaction.commit()
    browser = Browser(functional["app"])
    browser.handleErrors = False
    browser.addHeader("Accept-Language", "bg")
    browser.addHeader("Authorization", f"Basic inspector:{PASSWORD}")
    for url in (
        f"{portal.absolute_url()}/@@audit-log?action=content.transition",
        f"{doc.absolute_url()}/@@audit-history",
    ):
        browser.open(url)
        html = browser.contents
        assert "Промяна на състоянието" in html and "Коментар: " in html and "Готово" in html
        assert "Работен процес: " in html and "Работен поток на интранета на Ратуша" in html
        assert "ratusha_intranet_workflow" not in html and "transition: " not in html
    rows = search_rows(action="content.transition")
    assert json.loads(rows[0]["details"])["workflow"] == "ratusha_intranet_workflow"


def search_rows(**filters):
    from ratusha.audit.recorder import get_store

    return get_store().search(limit=5, **filters)
