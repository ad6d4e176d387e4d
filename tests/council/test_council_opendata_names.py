"""Download names: ?councillor= of the term's open data must name a councillor of the council,
and every Content-Disposition the product sets is built by one helper that no name can break."""

from council_helpers import COUNCILLORS
import json
import pathlib
from plone import api
import pytest
from ratusha.core.filenames import ascii_filename
from ratusha.core.filenames import content_disposition
from ratusha.core.filenames import safe_filename
import re


NAMES = [
    # name, safe name
    ("council-term-obs-cllr01.csv", "council-term-obs-cllr01.csv"),
    ("протокол-12.pdf", "протокол-12.pdf"),
    ("a\r\nSet-Cookie: x=1.csv", "a Set-Cookie_ x=1.csv"),
    ("a\nb", "a b"),
    ('a"; filename="evil.exe', "a__ filename=_evil.exe"),
    ("..\\..\\boot.ini", "_.._boot.ini"),
    ("../../etc/passwd", "_.._etc_passwd"),
    ("/etc/passwd", "_etc_passwd"),
    ("..", "download"),
    ("", "download"),
    (None, "download"),
    ("   ", "download"),
    (".htaccess", "htaccess"),
    ("a\x00b\x1fc\x7fd", "a b c d"),
    ("a\u2028b\u2029c", "a b c"),
    ("evil\u202egnp.exe", "evil gnp.exe"),  # right-to-left override
    ("zero\u200bwidth", "zero width"),
    ("50%25.csv", "50_25.csv"),
    ("a;b", "a_b"),
]


@pytest.mark.parametrize("name,expected", NAMES)
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


def test_long_names_keep_their_extension():
    name = safe_filename("x" * 500 + ".csv")
    assert len(name) == 150 and name.endswith(".csv")


@pytest.mark.parametrize("name", [n for n, _ in NAMES] + ["Решение № 5/2027 „Бюджет“.pdf"])
def test_header_value_cannot_be_broken(name):
    value = content_disposition(name)
    assert value.startswith('attachment; filename="')
    assert not re.search(r"[\x00-\x1f\x7f]", value)
    quoted = re.match(r'attachment; filename="([^"]*)"(; filename\*=UTF-8\'\'(\S+))?$', value)
    assert quoted, value
    assert quoted.group(1).isascii() and "/" not in quoted.group(1) and "\\" not in quoted.group(1)
    if quoted.group(3):
        assert re.fullmatch(r"[A-Za-z0-9%._~-]+", quoted.group(3))


def test_cyrillic_names_travel_in_rfc5987():
    value = content_disposition("протокол-12.pdf", inline=True)
    assert value == (
        'inline; filename="________-12.pdf"; '
        "filename*=UTF-8''%D0%BF%D1%80%D0%BE%D1%82%D0%BE%D0%BA%D0%BE%D0%BB-12.pdf"
    )
    assert ascii_filename("протокол.pdf").isascii()


def test_every_content_disposition_of_the_product_uses_the_helper():
    """A Content-Disposition built from a variable must go through content_disposition()."""
    import ratusha

    root = pathlib.Path(ratusha.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        text = path.read_text()
        for match in re.finditer(r'"Content-Disposition",\s*([^\n]*)', text):
            value = match.group(1)
            if "content_disposition(" in value:
                continue
            if re.fullmatch(r"""'[^'{}]*'\)""", value.strip()):  # a fixed, literal name
                continue
            offenders.append(f"{path.relative_to(root)}: {value}")
    assert not offenders, offenders


# --- the open data of the term ----------------------------------------------------------------

ATTACKS = [
    "nobody",
    "cllr01\r\nSet-Cookie: x=1",
    'cllr01"; filename="evil.exe',
    "../../etc/passwd",
    "",
    " cllr01",
    "CLLR01",
]


def term_view(council, name, councillor):
    request = api.portal.get().REQUEST
    request.form.clear()
    if councillor is not None:
        request.form["councillor"] = councillor
    request.response.setStatus(200)
    request.response.headers.pop("content-disposition", None)
    return api.content.get_view(name, council, request), request.response


@pytest.mark.parametrize("name", ["opendata-term.csv", "opendata-term.json"])
@pytest.mark.parametrize("councillor", [a for a in ATTACKS if a])
def test_unknown_councillor_is_refused(council, name, councillor):
    view, response = term_view(council, name, councillor)
    body = json.loads(view())
    assert response.getStatus() == 404
    assert body["error"]["type"] == "NotFound" and body["error"]["message"]
    assert not response.getHeader("Content-Disposition")


@pytest.mark.parametrize("name", ["opendata-term.csv", "opendata-term.json"])
def test_repeated_parameter_is_refused(council, name):
    view, response = term_view(council, name, [COUNCILLORS[0], COUNCILLORS[1]])
    view()
    assert response.getStatus() == 404


@pytest.mark.parametrize("name,ext", [("opendata-term.csv", "csv"), ("opendata-term.json", "json")])
def test_a_member_and_the_whole_council_are_served(council, name, ext):
    view, response = term_view(council, name, COUNCILLORS[0])
    view()
    assert response.getStatus() == 200
    assert response.getHeader("Content-Disposition").endswith(
        f'filename="council-term-{council.getId()}-{COUNCILLORS[0]}.{ext}"'
    )
    view, response = term_view(council, name, None)
    view()
    assert response.getStatus() == 200
    assert f'council-term-{council.getId()}.{ext}"' in response.getHeader("Content-Disposition")
