"""Plone's own texts in a Bulgarian site: Ratusha's catalogues of Plone's domains answer first,
fill what plone.app.locales leaves untranslated and correct what it gets wrong; English stays
complete; `make i18n` keeps the hand-kept part."""

import pathlib
import pytest
from ratusha.core import i18n_sync
import re
from zope.component import getUtility
from zope.i18n import translate
from zope.i18n.interfaces import ITranslationDomain
from zope.i18nmessageid import MessageFactory


LOCALES = pathlib.Path(i18n_sync.__file__).resolve().parents[1] / "locales"
ENTRY = re.compile(r'^msgid (".*")\nmsgstr (".*")$', re.M)
PLONE = MessageFactory("plone")


def hand_kept(language):
    text = (LOCALES / language / "LC_MESSAGES" / "plone.po").read_text(encoding="utf-8")
    return dict(ENTRY.findall(text[text.index(i18n_sync.HAND_KEPT) :]))


@pytest.mark.parametrize(
    "msgid,default,mapping,bulgarian",
    [
        ("Search results for ${term}", None, {"term": "бюджет"}, "Резултати от търсене на бюджет"),
        ("trouble_logging_in", "Trouble logging in?", None, "Проблем с влизането?"),
        ("statusmessage_mtype_info", "Info:", None, "Информация:"),
        ("statusmessage_mtype_error", "Error:", None, "Грешка:"),
        (
            "you_are_now_logged_in",
            "Welcome! You are now logged in.",
            None,
            "Добре дошли! Вече сте влезли.",
        ),
        ("label_change_note", "Change Note", None, "Бележка за промяната"),
        ("label_description", "Summary", None, "Кратко описание"),
        (
            "description_site_error",
            "We apologize…",
            None,
            "Съжаляваме за неудобството, но страницата,"
            " която търсите, не е на този адрес. Връзките по-долу ще ви помогнат да намерите търсеното.",
        ),
    ],
)
def test_plone_texts_in_bulgarian_and_english(portal, msgid, default, mapping, bulgarian):
    message = PLONE(msgid, default=default, mapping=mapping)
    assert translate(message, target_language="bg") == bulgarian
    english = translate(message, target_language="en")
    assert english and not re.search("[А-Яа-я]", english.replace("бюджет", ""))


def test_ours_answer_before_plone_app_locales(portal):
    catalogues = getUtility(ITranslationDomain, "plone")._catalogs["bg"]
    ours = [i for i, name in enumerate(catalogues) if str(name).startswith(str(LOCALES))]
    assert ours == [0]


def test_z3c_form_no_value(portal):
    message = MessageFactory("z3c.form")("No value")
    assert translate(message, target_language="bg") == "(не е избрано)"
    assert translate(message, target_language="en") == "No value"


def test_english_hand_kept_as_complete_as_bulgarian():
    bg, en = hand_kept("bg"), hand_kept("en")
    assert set(bg) == set(en) and len(bg) > 30
    assert all(value != '""' for value in list(bg.values()) + list(en.values()))


def test_make_i18n_keeps_the_hand_kept_part(tmp_path, monkeypatch):
    for language in ("bg", "en"):
        folder = tmp_path / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        for name in ("plone.po", "ratusha.po"):
            (folder / name).write_text(
                (LOCALES / language / "LC_MESSAGES" / name).read_text(encoding="utf-8"),
                encoding="utf-8",
            )
    monkeypatch.setattr(i18n_sync, "LOCALES", tmp_path)
    i18n_sync.write_plone_catalogue("bg")
    i18n_sync.write_plone_catalogue("bg")  # twice: the part is kept once, not doubled
    text = (tmp_path / "bg" / "LC_MESSAGES" / "plone.po").read_text(encoding="utf-8")
    assert text.count(i18n_sync.HAND_KEPT) == 1
    assert dict(ENTRY.findall(text[text.index(i18n_sync.HAND_KEPT) :])) == hand_kept("bg")
