"""ЕГН and ЛНЧ as the search key sees them: ten digits, whatever the clerk typed around them."""

import re


SEPARATORS = re.compile(r"[\s\-./]")


def normalise(value: str) -> str:
    """The ten digits of an ЕГН/ЛНЧ; ValueError when the value is not one.

    Only the form is checked, not the check digit: a number a citizen wrote on a paper with
    a wrong check digit is still the number the clerk must find again."""
    if not isinstance(value, str):
        raise ValueError("An ЕГН/ЛНЧ is text.")
    digits = SEPARATORS.sub("", value)
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        raise ValueError("An ЕГН/ЛНЧ has ten digits.")
    return digits
