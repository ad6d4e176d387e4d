"""The accessibility statement («Декларация за достъпност») that Directive (EU) 2016/2102 asks
for: the Commission's model sections, in Bulgarian and English, from the footer's link."""

import json
import pathlib
import pytest
from ratusha import _
from ratusha.core.browser import accessibility
from zope.i18n import translate


PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "browser" / "package.json"
SECTIONS = {
    "bg": [
        "Декларация за достъпност",
        "Статус на съответствие",
        "Недостъпно съдържание",
        "Изготвяне на настоящата декларация за достъпност",
        "Обратна връзка и данни за контакт",
        "Процедура по прилагане",
    ],
    "en": [
        "Accessibility statement",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
        "Feedback and contact information",
        "Enforcement procedure",
    ],
}
IDS = [
    "a11y_title",
    "a11y_status_title",
    "a11y_nonaccessible_title",
    "a11y_preparation_title",
    "a11y_feedback_title",
    "a11y_enforcement_title",
]


def test_the_statement_in_bulgarian(portal):
    html = portal.restrictedTraverse("@@accessibility-info")()
    for heading in SECTIONS["bg"]:
        assert heading in html
    assert "Директива (ЕС) 2016/2102" in html and "WCAG" in html
    assert f"axe-core {accessibility.AXE_CORE}" in html
    assert accessibility.ASSESSED.strftime("%d.%m.%Y") in html
    assert "Министерството на електронното управление" in html
    assert "Държавна агенция „Електронно управление“" in html


@pytest.mark.parametrize("language", ["bg", "en"])
def test_every_section_in_both_languages(portal, language):
    titles = [translate(_(msgid), target_language=language) for msgid in IDS]
    assert titles == SECTIONS[language]


def test_the_statement_names_the_checker_the_tests_run():
    pinned = json.loads(PACKAGE.read_text())["devDependencies"]["axe-core"]
    assert accessibility.AXE_CORE == pinned


def test_the_footer_links_the_statement(portal):
    actions = portal.portal_actions.site_actions
    assert actions.accessibility.visible
    assert actions.accessibility.url_expr.endswith('/accessibility-info"')
