"""Legal basis parsing, formatting and coverage (no Zope)."""

import pytest
from ratusha.council.legalbasis import LegalBasis
from ratusha.council.legalbasis import LegalBasisError
from ratusha.council.legalbasis import parse


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ЗМСМА чл. 21 ал. 1 т. 6", ("ЗМСМА", "21", "1", "6")),
        ("ЗМСМА, чл. 21, ал. 1, т. 8", ("ЗМСМА", "21", "1", "8")),
        ("змсма чл.21 ал.1 т.23", ("ЗМСМА", "21", "1", "23")),
        ("ЗОС чл. 6 ал. 1", ("ЗОС", "6", "1", "")),
        ("ЗМСМА чл. 24", ("ЗМСМА", "24", "", "")),
        ("ЗМСМА чл. 28а ал. 1", ("ЗМСМА", "28а", "1", "")),
    ],
)
def test_parse(text, expected):
    basis = parse(text)
    assert (basis.law, basis.article, basis.paragraph, basis.point) == expected
    assert parse(basis.format()) == basis


@pytest.mark.parametrize(
    "text", ["", "чл. 21", "ЗМСМА", "ЗМСМА ал. 1", "ЗМСМА чл. 21 т. 6", "ЗМСМА чл. x"]
)
def test_parse_refuses(text):
    with pytest.raises(LegalBasisError):
        parse(text)


@pytest.mark.parametrize(
    "rule, item, covered",
    [
        ("ЗМСМА чл. 21", "ЗМСМА чл. 21 ал. 1 т. 6", True),
        ("ЗМСМА чл. 21 ал. 1 т. 6", "ЗМСМА чл. 21 ал. 1 т. 6", True),
        ("ЗМСМА чл. 21 ал. 1 т. 6", "ЗМСМА чл. 21 ал. 1 т. 8", False),
        ("ЗМСМА чл. 21 ал. 1 т. 6", "ЗМСМА чл. 21 ал. 1", False),
        ("ЗОС чл. 6", "ЗМСМА чл. 6 ал. 1", False),
    ],
)
def test_covers(rule, item, covered):
    assert parse(rule).covers(parse(item)) is covered


def test_dict_round_trip():
    basis = LegalBasis("ЗОС", "6", "1")
    assert LegalBasis.from_dict(basis.to_dict()) == basis
    assert basis.format() == "ЗОС чл. 6 ал. 1"
    assert parse("ЗМСМА чл. 21 ал. 1 т. 6").specificity() == 2
