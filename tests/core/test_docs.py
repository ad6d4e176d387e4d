"""docs/roles.md describes every role and every permission the product defines."""

import pathlib
import re

from ratusha.core import permissions
from ratusha.core.roles import ROLES

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_roles_doc_covers_roles_groups_and_permissions():
    text = (ROOT / "docs" / "roles.md").read_text(encoding="utf-8")
    for role, _title, group, _group_title in ROLES:
        assert f"| {role} | `{group}` |" in text, role
    titles = [v for k, v in vars(permissions).items() if not k.startswith("_")]
    for title in titles:
        assert f"| {title} |" in text, title


def test_roles_doc_matches_rolemap():
    """The 'granted by default to' column is what rolemap.xml grants."""
    text = (ROOT / "docs" / "roles.md").read_text(encoding="utf-8")
    rolemap = (ROOT / "profiles" / "default" / "rolemap.xml").read_text(encoding="utf-8")
    for name, body in re.findall(r'<permission name="([^"]+)"[^>]*>(.*?)</permission>', rolemap, re.S):
        granted = set(re.findall(r'<role name="([^"]+)"', body))
        row = re.search(rf"^\| {re.escape(name)} \| ([^|]+) \|", text, re.M)
        assert row, name
        documented = {r.strip() for r in row.group(1).split(",")}
        if documented == {"every signed-in user"}:
            documented = {"Authenticated"}
        assert documented == granted, name
