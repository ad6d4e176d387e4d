"""Whether a @login body carries usable credentials. Plain Python.

JSON can say `true`, `1.5`, `null`, lists, objects, or a lone surrogate ("\\ud800") that no
encoder accepts; each is refused here with a reason, before any of it is tried, counted or
written to the audit trail.
"""

MISSING, NOT_TEXT, BAD_TEXT = "missing", "not-text", "bad-text"
LIMITS = {"login": 256, "password": 1024, "otp": 64}


def _usable(text: str, limit: int) -> bool:
    if len(text) > limit or "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def problem(data) -> str | None:
    """None if login, password (and otp, when given) are usable text; else the reason."""
    if not isinstance(data, dict) or "login" not in data or "password" not in data:
        return MISSING
    given = {name: data[name] for name in LIMITS if name in data}
    if not all(isinstance(value, str) for value in given.values()):
        return NOT_TEXT
    if not all(_usable(value, LIMITS[name]) for name, value in given.items()):
        return BAD_TEXT
    return None
