"""The user guide (docs/guide) holds together: every picture a page shows exists and is one the
screenshot script takes (`make guide`), every task page is linked from its language's index, and
the Bulgarian and English guides have the same pages with the same pictures."""

from guide_shots import IMG
from guide_shots import LANGUAGES
from guide_shots import SHOTS
import pathlib
import pytest
import re


GUIDE = pathlib.Path(__file__).resolve().parents[2] / "docs" / "guide"
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s#]+)\)")


def pages(language):
    return sorted((GUIDE / language).glob("*.md"))


def images(page):
    return IMAGE.findall(page.read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_picture_exists_and_is_taken_by_the_script(language):
    for page in pages(language):
        for reference in images(page):
            path = (page.parent / reference).resolve()
            assert path.parent == IMG / language, (
                f"{page.name}: {reference} is not in img/{language}"
            )
            assert path.name in SHOTS, f"{page.name}: no task of guide_shots.py takes {path.name}"
            assert path.is_file(), f"{page.name}: {reference} is missing (run make guide)"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_task_page_is_linked_from_the_index(language):
    index = GUIDE / language / "index.md"
    linked = {(index.parent / target).resolve() for target in LINK.findall(index.read_text())}
    for page in pages(language):
        if page.name != "index.md":
            assert page.resolve() in linked, f"{language}/index.md does not link {page.name}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_links_between_pages_lead_somewhere(language):
    for page in pages(language):
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if "://" not in target:
                assert (page.parent / target).exists(), f"{page.name}: {target} leads nowhere"


def test_both_languages_have_the_same_pages_and_pictures():
    names = {language: [page.name for page in pages(language)] for language in LANGUAGES}
    assert names["bg"] == names["en"]
    for name in names["bg"]:
        shown = {
            language: [pathlib.PurePath(ref).name for ref in images(GUIDE / language / name)]
            for language in LANGUAGES
        }
        assert shown["bg"] == shown["en"], name


def test_every_shot_is_shown_somewhere():
    shown = {pathlib.PurePath(ref).name for page in pages("bg") for ref in images(page)}
    assert set(SHOTS) == shown
