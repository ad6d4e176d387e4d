"""Every news fragment is one towncrier gathers into CHANGES.md (docs/release.md)."""

import pathlib
import re
import tomllib


ROOT = pathlib.Path(__file__).resolve().parents[2]
TOWNCRIER = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "towncrier"
]
TYPES = [kind["directory"] for kind in TOWNCRIER["type"]]
NAME = re.compile(rf"^(\d+|\+[\w-]+)\.({'|'.join(TYPES)})(\.\d+)?\.md$")


def test_the_plone_types_of_news():
    assert TYPES == ["breaking", "feature", "bugfix", "internal", "documentation"]


def test_every_fragment_has_a_name_towncrier_reads():
    fragments = [
        path for path in (ROOT / TOWNCRIER["directory"]).iterdir() if not path.name.startswith(".")
    ]
    for path in fragments:
        assert NAME.match(path.name), f"{path.name}: <issue|+name>.<type>[.n].md, type in {TYPES}"
        assert path.read_text(encoding="utf-8").strip(), f"{path.name} is empty"


def test_changes_has_the_place_for_the_next_release():
    changes = (ROOT / TOWNCRIER["filename"]).read_text(encoding="utf-8")
    assert TOWNCRIER["start_string"] in changes
    assert changes.index(TOWNCRIER["start_string"]) < changes.index("## 1.0.0")
