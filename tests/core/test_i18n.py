"""Bulgarian is complete: every ratusha msgid in the code has a bg (and en) translation."""

import pathlib
import pytest
from ratusha import _
from ratusha.core.roles import ROLE_IDS
import re
import subprocess
import sys
from zope.i18n import translate


ROOT = pathlib.Path(__file__).resolve().parents[2]
LOCALES = ROOT / "src" / "ratusha" / "locales"
ENTRY = re.compile(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', re.M)


def _joined(quoted):
    """A gettext string, possibly split over several quoted lines."""
    return "".join(re.findall(r'"(.*)"', quoted))


def catalogue(path):
    text = path.read_text(encoding="utf-8")
    return {_joined(m): _joined(s) for m, s in ENTRY.findall(text) if _joined(m)}


def msgids_in_code(tmp_path):
    """Run i18ndude on the sources now, so a string added without a translation is caught."""
    msgids = set()
    i18ndude = pathlib.Path(sys.executable).with_name("i18ndude")
    for folder in ("src/ratusha", "workflows", "profiles"):
        pot = tmp_path / (folder.replace("/", "-") + ".pot")
        subprocess.run(
            [str(i18ndude), "rebuild-pot", "--pot", str(pot), "--create", "ratusha", folder],
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        msgids |= set(catalogue(pot))
    return msgids


@pytest.mark.parametrize("language", ["bg", "en"])
def test_every_msgid_translated(tmp_path, language):
    po = catalogue(LOCALES / language / "LC_MESSAGES" / "ratusha.po")
    missing = sorted(m for m in msgids_in_code(tmp_path) if not po.get(m))
    assert not missing, f"untranslated in {language}: {missing}"


def has_words(text):
    """Text beyond ${placeholders} and punctuation: only such strings need a Bulgarian form."""
    return bool(re.search(r"[^\W\d_]", re.sub(r"\$\{\w+\}", "", text)))


def test_bulgarian_is_not_english():
    bg = catalogue(LOCALES / "bg" / "LC_MESSAGES" / "ratusha.po")
    en = catalogue(LOCALES / "en" / "LC_MESSAGES" / "ratusha.po")
    same = [m for m in bg if bg[m] == en.get(m) and has_words(bg[m])]
    assert not same, f"bg copies the English text: {same}"


@pytest.mark.parametrize("language", ["bg", "en"])
def test_role_titles_for_plone_screens(language):
    po = catalogue(LOCALES / language / "LC_MESSAGES" / "plone.po")
    assert set(ROLE_IDS) <= {m for m, s in po.items() if s}


@pytest.mark.parametrize("language", ["bg", "en"])
def test_workflow_titles_for_the_toolbar(language):
    """Plone's toolbar shows state and transition titles in its own domain."""
    from ratusha.core.i18n_sync import plone_titles

    po = catalogue(LOCALES / language / "LC_MESSAGES" / "plone.po")
    assert not [title for title in plone_titles() if not po.get(title)]


def test_runtime_translation(portal):
    assert (
        translate(_("personal_room", default="Personal room"), target_language="bg") == "Лична стая"
    )
    assert (
        translate(_("personal_room", default="Personal room"), target_language="en")
        == "Personal room"
    )
    assert translate("Councillor", domain="plone", target_language="bg") == "Общински съветник"
