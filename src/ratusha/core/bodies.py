"""Limits on what a request may carry, as plain rules (no Zope): size, nesting, text.

A JSON body nested thousands deep exhausts Python's recursion in the parser (an HTTP 500 on
every JSON endpoint), a lone surrogate cannot be encoded again (500 wherever the text is
stored or logged), and a megabyte title is accepted and shown to everyone. These rules say
which of those a body has; `ratusha.core.rest` turns the answer into a 400 or a 413.
"""

import re


MAX_JSON_BYTES = 1_000_000  # Ratusha's own services take small JSON documents
MAX_API_BYTES = 64_000_000  # plone.restapi bodies may carry files (base64)
MAX_DEPTH = 64
MAX_TEXT = 100_000  # characters of one string, unless a key says otherwise
TEXT_LIMITS = {"title": 1_000, "description": 10_000}
UNLIMITED_KEYS = {"data"}  # file and rich-text payloads: bounded by the body size

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_BRACKETS = re.compile(rb"[\[\]{}]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def nesting_depth(raw: bytes) -> int:
    """How deep arrays and objects nest in a JSON text, without parsing it (brackets in
    strings do not count)."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRING.sub(b'""', raw)):
        if bracket in b"[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def body_problem(raw: bytes, max_bytes: int = MAX_JSON_BYTES) -> str | None:
    """ "too_large", "too_deep" or "not_utf8" for a raw JSON body; None when it may be parsed."""
    if len(raw) > max_bytes:
        return "too_large"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return "not_utf8"
    if nesting_depth(raw) > MAX_DEPTH:
        return "too_deep"
    return None


def text_problem(value, key: str = "") -> tuple[str, str] | None:
    """The first ("surrogate" | "too_long", key) found in parsed JSON, or None."""
    stack = [(key, value)]
    while stack:
        key, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((str(k), k) for k in value)
            stack.extend((str(k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((key, item) for item in value)
        elif isinstance(value, str):
            if _SURROGATE.search(value):
                return "surrogate", key
            if key not in UNLIMITED_KEYS and len(value) > TEXT_LIMITS.get(key, MAX_TEXT):
                return "too_long", key
    return None


def has_surrogate(text: str) -> bool:
    return bool(_SURROGATE.search(text))
