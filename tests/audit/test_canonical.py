"""What each kind of value becomes in a text column and in `details`: a table of cases."""

import pytest
from ratusha.audit import canonical


TEXT = [
    (None, None, None),
    ("ana", None, "ana"),
    (True, None, "true"),  # the @login attack: once hashed as true and stored as '1'
    (False, None, "false"),
    (1, None, "1"),
    (1.5, None, "1.5"),
    (-0.0, None, "-0.0"),
    (1e308, None, "1e+308"),
    (float("nan"), None, '"nan"'),
    (float("-inf"), None, '"-inf"'),
    (10**20, None, "100000000000000000000"),
    (["a", 1], None, '["a", 1]'),
    ({"b": 1, "a": None}, None, '{"a": null, "b": 1}'),
    ({1: "x", None: "y"}, None, '{"1": "x", "null": "y"}'),
    ((1, 2), None, "[1, 2]"),
    ({2, 1}, None, "[1, 2]"),
    (b"\xffab", None, '"\\\\xffab"'),
    ("a\x00b", None, "a\\u0000b"),
    ("\ud800x", None, "\\ud800x"),
    ("\U0001f5f3", None, "\U0001f5f3"),
    ("ж" * 300, 255, "ж" * 255),
    (["\ud800"], None, '["\\ud800"]'),
]


@pytest.mark.parametrize("value,limit,stored", TEXT)
def test_text_column(value, limit, stored):
    assert canonical.text(value, limit) == stored


DETAILS = [
    (None, None),
    ("already text", "already text"),
    ({"reason": "unknown-user", "login": True}, '{"login": true, "reason": "unknown-user"}'),
    ({"n": 2**14001}, f'{{"n": "{hex(2**14001)}"}}'),
    ({"s": "\ud800\x00"}, '{"s": "\\ud800\\u0000"}'),
    (7, "7"),
]


@pytest.mark.parametrize("value,stored", DETAILS)
def test_details_column(value, stored):
    assert canonical.details(value) == stored


def test_deep_nesting_is_cut_not_a_recursion_error():
    deep = []
    for _ in range(5000):
        deep = [deep]
    assert "nested deeper than" in canonical.details({"x": deep})
