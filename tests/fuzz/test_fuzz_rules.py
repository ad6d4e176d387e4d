"""The limits on request bodies (ratusha.core.bodies), as a table of cases, and as properties."""

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
import json
import pytest
from ratusha.core import bodies


DEEP = 5000


@pytest.mark.parametrize(
    "raw, depth",
    [
        (b"", 0),
        (b"{}", 1),
        (b'{"a": [1, {"b": []}]}', 4),
        (b'{"a": "[[[[{{{{"}', 1),  # brackets inside strings do not count
        (b'{"a": "\\"[[[["}', 1),  # nor after an escaped quote
        (b"[" * DEEP + b"]" * DEEP, DEEP),
    ],
)
def test_nesting_depth(raw, depth):
    assert bodies.nesting_depth(raw) == depth


@pytest.mark.parametrize(
    "raw, problem",
    [
        ('{"title": "Писмо"}'.encode(), None),
        (b"[" * 64 + b"]" * 64, None),
        (b"[" * 65 + b"]" * 65, "too_deep"),
        (b"[" * DEEP + b"]" * DEEP, "too_deep"),
        (b'{"a": "' + b"x" * bodies.MAX_JSON_BYTES + b'"}', "too_large"),
        (b'{"a": "\xed\xa0\x80"}', "not_utf8"),  # a surrogate as raw bytes
        (b"\xff\xfe{}", "not_utf8"),
    ],
)
def test_body_problem(raw, problem):
    assert bodies.body_problem(raw) == problem


@pytest.mark.parametrize(
    "data, problem",
    [
        ({"title": "Писмо до кмета", "n": 1, "list": ["a", None, 1.5]}, None),
        ({"title": "a\ud800b"}, ("surrogate", "title")),
        ({"nested": [{"deep": "\udfff"}]}, ("surrogate", "deep")),
        ({"\ud800": 1}, ("surrogate", "\ud800")),
        ({"title": "x" * 1000}, None),
        ({"title": "x" * 1001}, ("too_long", "title")),
        ({"description": "x" * 10_001}, ("too_long", "description")),
        ({"body": "x" * bodies.MAX_TEXT}, None),
        ({"body": "x" * (bodies.MAX_TEXT + 1)}, ("too_long", "body")),
        ({"file": {"data": "x" * (bodies.MAX_TEXT + 1)}}, None),  # base64 files: bounded by size
        ({"items": ["x" * (bodies.MAX_TEXT + 1)]}, ("too_long", "items")),
    ],
)
def test_text_problem(data, problem):
    assert bodies.text_problem(data) == problem


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(), children, max_size=3)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(json_values)
def test_depth_agrees_with_the_parser(value):
    """For any JSON the scanner's depth is the real depth of the parsed value."""

    def depth(item):
        if isinstance(item, dict):
            return 1 + max(map(depth, item.values()), default=0)
        if isinstance(item, list):
            return 1 + max(map(depth, item), default=0)
        return 0

    assert bodies.nesting_depth(json.dumps(value).encode()) == depth(value)
