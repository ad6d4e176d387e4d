"""Every role (and anonymous) × every sensitive act so far, through REST and pages.

The same matrix is in docs/roles.md ("Permission matrix"); a test keeps them equal.
Later capabilities add rows (register, approve, manage session, cast vote, …).
"""

import pathlib
from plone import api
import pytest
from ratusha.core.roles import ROLES
import requests
import transaction


ROOT = pathlib.Path(__file__).resolve().parents[2]
PASSWORD = "secret-password-1"
COLUMNS = ["Anonymous", "Member", *[role for role, *_ in ROLES], "Site Administrator"]

# act: (method, path, json body, roles allowed)
ACTS = {
    "open the personal room": ("GET", "@personal-room", None, set(COLUMNS) - {"Anonymous"}),
    "read the audit log": ("GET", "@audit", None, {"Auditor", "Data Protection Officer"}),
    "export the audit log": ("GET", "@@audit-log-export", None, {"Auditor"}),
    "send an announcement": (
        "POST",
        "@notifications",
        {"recipients": ["role:Employee"], "subject": "Оперативка"},
        {
            "Department Head",
            "Director",
            "Secretary",
            "Mayor",
            "Council Chair",
            "Council Staff",
            "Site Administrator",
        },
    ),
    "list users": ("GET", "@users", None, {"Site Administrator"}),
    "change Ratusha settings": ("GET", "@@ratusha-controlpanel", None, {"Site Administrator"}),
    "unlock accounts": ("GET", "@@access-locks", None, {"Site Administrator"}),
    "add a council session": (
        "POST",
        "council",
        {
            "@type": "Session",
            "title": "Заседание",
            "start": "2030-01-10T10:00:00+02:00",
            "end": "2030-01-10T14:00:00+02:00",
        },
        {"Council Chair", "Council Staff"},
    ),
    "see council compliance warnings": (
        "GET",
        "@council-compliance",
        None,
        {"Council Chair", "Council Staff"},
    ),
    "change the council's voting rules": (
        "POST",
        "council/@voting-rules",
        {"allow_change": True},
        {"Council Chair", "Council Staff"},
    ),
    "read the administration report": (
        "GET",
        "@administration-report",
        None,
        {"Secretary", "Mayor", "Council Chair"},
    ),
    "read the records of processing": (
        "GET",
        "@records-of-processing",
        None,
        {"Data Protection Officer"},
    ),
    "open the records of processing page": (
        "GET",
        "@@records-of-processing",
        None,
        {"Data Protection Officer"},
    ),
}


def login_of(column):
    return "matrix-" + column.lower().replace(" ", "-")


@pytest.fixture
def people(functional):
    api.portal.set_registry_record("ratusha.access.two_factor_roles", [])  # permissions only
    for column in COLUMNS[1:]:
        user_id = login_of(column)
        api.user.create(email=f"{user_id}@example.org", username=user_id, password=PASSWORD)
        if column != "Member":
            api.user.grant_roles(username=user_id, roles=[column])
    transaction.commit()
    return functional["portal"].absolute_url()


def call(base, column, method, path, body):
    auth = None if column == "Anonymous" else (login_of(column), PASSWORD)
    headers = {"Accept": "application/json"}
    return requests.request(
        method, f"{base}/{path}", json=body, auth=auth, headers=headers, allow_redirects=False
    )


@pytest.mark.parametrize("act", list(ACTS))
def test_matrix(people, act):
    method, path, body, allowed = ACTS[act]
    outcome = {}
    for column in COLUMNS:
        status = call(people, column, method, path, body).status_code
        outcome[column] = status < 300
        assert status < 300 or status in (302, 401, 403), (column, status)
    assert {c for c, ok in outcome.items() if ok} == allowed, outcome


def documented_matrix():
    text = (ROOT / "docs" / "roles.md").read_text(encoding="utf-8")
    section = text.split("## Permission matrix", 1)[1]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    matrix = {}
    for line in rows[1:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        matrix[cells[0]] = {header[i] for i, cell in enumerate(cells) if cell == "✓"}
    return header[1:], matrix


def test_docs_show_the_same_matrix():
    header, matrix = documented_matrix()
    assert header == COLUMNS
    assert matrix == {act: allowed for act, (*_ignored, allowed) in ACTS.items()}
