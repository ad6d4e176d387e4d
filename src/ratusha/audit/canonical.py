"""Every field of a record in the form the database stores and gives back. Plain Python.

A record is hashed before it is written and re-hashed from what is read back, so the two must
be the same value of the same type. Callers pass whatever they were given (an anonymous
`@login` can send `true`, `1.5` or a list as its login), and SQL columns turn values into
their own type (SQLite stored the JSON `true` as the text '1'); so every field is first made
into exactly what its column keeps: text fields become text (other JSON values as their JSON
text), cut to the column's length; `details` becomes JSON text; characters no database can
hold (NUL, lone surrogates) become visible `\\uXXXX` escapes.
"""

import json
import math
import re


# NUL: PostgreSQL text refuses it; lone surrogates: no UTF-8 database can store them.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Deeper than this is cut: a recursion error would lose the whole batch of records.
MAX_DEPTH = 32
# Python refuses to write an int of more than 4300 digits as decimal text.
_MAX_DECIMAL_BITS = 14_000


def _escape(value: str) -> str:
    return _UNSTORABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", value)


def _dumps(value) -> str:
    return _escape(json.dumps(value, ensure_ascii=False, sort_keys=True))


def jsonable(value, depth=0):
    """`value` as plain JSON data (str keys, finite numbers) that `json` writes the same way
    every time; what cannot be JSON becomes its text."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value if value.bit_length() <= _MAX_DECIMAL_BITS else hex(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)  # 'nan', 'inf', '-inf'
    if depth >= MAX_DEPTH:
        return f"<nested deeper than {MAX_DEPTH}>"
    if isinstance(value, dict):
        return {_key(key): jsonable(item, depth + 1) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item, depth + 1) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted((jsonable(item, depth + 1) for item in value), key=_dumps)
    if isinstance(value, bytes):
        return value.decode("utf-8", "backslashreplace")
    return str(value)


def _key(key) -> str:
    # json writes the keys None, True, 1, 1.5 as "null", "true", "1", "1.5": keep that meaning
    return key if isinstance(key, str) else _dumps(jsonable(key))


def text(value, limit=None):
    """A text column's value: None stays None, text stays text, anything else its JSON text."""
    if value is None:
        return None
    value = _escape(value) if isinstance(value, str) else _dumps(jsonable(value))
    return value[:limit] if limit else value


def details(value):
    """The `details` column: JSON text (text given by the caller is kept as it is)."""
    if value is None or isinstance(value, str):
        return text(value)
    return _dumps(jsonable(value))


def stored(entry: dict, fields, limits: dict, required=()) -> dict:
    """`entry` as the row the database will give back: one value per field, `seq` an int.

    `limits` holds the length of each text column, `required` the columns that refuse NULL
    (they get the empty text rather than losing the record and every other one of its batch).
    """
    row = {}
    for name in fields:
        value = entry.get(name)
        if name == "seq":
            row[name] = int(value)
        elif name == "details":
            row[name] = details(value)
        else:
            row[name] = text(value, limits.get(name))
        if row[name] is None and name in required:
            row[name] = ""
    return row
