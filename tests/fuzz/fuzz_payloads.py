"""What the fuzzer sends: wrong types, huge and deep values, odd Unicode, repeated parameters.

Strings are carried as Python text that may hold lone surrogates; they reach the wire as JSON
escapes (`"\\ud800"`) in JSON bodies and as the raw (invalid UTF-8) bytes in query strings and
forms, as a hostile client would send them.
"""

from hypothesis import strategies as st
import json
import urllib.parse


ODD_TEXT = [
    "\ud800",
    "a\udfffb",
    "\udc80\ud800",
    "\x00",
    "a\x00b",
    "\u202eevil\u202c",
    "\u200f\u200e",
    "e\u0301\u0301\u0301\u0301",
    "\ufeff",
    "\U0001d54f",
    "\uffff",
    "\x1b[31m",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "' OR 1=1 --",
    "%00",
    "${x}",
    "\r\nX: y",
    "",
    " ",
    "\t\n",
    "null",
    "true",
    "-1",
    "1e400",
    "NaN",
    "9" * 40,
    "2026-02-30",
    "2026-13-01T25:61",
    "ю" * 300,
]
HUGE_TEXT = "Ж" * 600_000  # 1.2 MB in UTF-8
LONG_TEXT = "x" * 70_000
LONG_PARAMETER = "x" * 4_000  # a URL longer than ~8 kB never gets past a proxy
DEEP = 5000

odd_text = st.one_of(
    st.sampled_from(ODD_TEXT),
    st.text(st.characters(categories=["Cs", "Cc", "Cf", "Mn", "Lo", "Zs", "Nd"]), max_size=12),
)
numbers = st.one_of(
    st.sampled_from([0, -1, 2**31, 10**20, 99999999999999999999, -(10**30), 1.5, 1e308, -0.0]),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, odd_text)
values = st.one_of(
    scalars,
    st.lists(scalars, max_size=4),
    st.dictionaries(odd_text, scalars, max_size=3),
    st.just([[["nested"]]]),
    st.just({"a": {"b": {"c": []}}}),
)


def _raw(value) -> str:
    """JSON text for a value (ASCII, so lone surrogates stay escapes)."""
    return json.dumps(value, ensure_ascii=True)


def objects(keys):
    """JSON objects using the endpoint's own input names (and a stray one), as raw text."""
    names = st.sampled_from(list(keys) + ["unexpected"]) if keys else st.just("unexpected")
    return st.dictionaries(names, values, max_size=6).map(_raw)


def special_bodies(keys):
    """Bodies that are not what any service expects; each is bytes."""
    key = (list(keys) or ["title"])[0]
    return st.sampled_from(
        [
            b"",
            b"null",
            b"[]",
            b"[1, 2]",
            b'"text"',
            b"42",
            b"true",
            b"{",
            b"{'a': 1}",
            b"\xff\xfe\x00",
            b'{"%s": "\xed\xa0\x80"}' % key.encode(),  # surrogate as raw bytes
            b'{"%s": "\\ud800"}' % key.encode(),  # surrogate as an escape
            b'{"%s": NaN, "x": Infinity}' % key.encode(),
            b'{"%s": 1e999}' % key.encode(),
            b'{"%s": 1, "%s": 2}' % (key.encode(), key.encode()),  # repeated key
            ("[" * DEEP + "]" * DEEP).encode(),
            ('{"%s": ' % key + '{"a": ' * DEEP + "1" + "}" * DEEP + "}").encode(),
            _raw({key: HUGE_TEXT}).encode(),
            _raw({key: LONG_TEXT}).encode(),
            _raw({key: [HUGE_TEXT[:1000]] * 2000}).encode(),
        ]
    )


def json_bodies(keys):
    return st.one_of(objects(keys).map(lambda text: text.encode("ascii")), special_bodies(keys))


def _quote(text) -> str:
    return urllib.parse.quote(str(text).encode("utf-8", "surrogatepass"), safe="")


CONVERTERS = [
    "",
    "",
    "",
    ":int",
    ":list",
    ":record",
    ":boolean",
    ":date",
    ":float",
    ":lines",
    ":tokens",
    ":int:list",
    ":default",
]


def query_pairs(keys):
    """(name, value) pairs, names possibly with Zope converters, often repeated."""
    names = (
        st.sampled_from(list(keys) + ["b_start", "b_size", "came_from", "_authenticator"])
        if keys
        else st.sampled_from(["b_start", "came_from", "q"])
    )
    name = st.tuples(names, st.sampled_from(CONVERTERS)).map("".join)
    value = st.one_of(odd_text, numbers.map(str), st.just(LONG_PARAMETER))
    pair = st.tuples(name, value)
    return st.lists(pair, max_size=5).flatmap(
        lambda pairs: st.just(pairs + pairs[:1]) if pairs else st.just(pairs)
    )


def encode_pairs(pairs) -> str:
    return "&".join(f"{_quote(k)}={_quote(v)}" for k, v in pairs)


def json_text(value) -> str:
    return _raw(value)
