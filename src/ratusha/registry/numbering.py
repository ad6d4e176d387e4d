"""Registration numbers: format and validation (plain Python, no Zope imports).

A register has an index (e.g. "94-00") and a format; the number of a document is the format
filled with the register's index, the document's sequence number in the register and year, and
the registration date: the default `{index}-{seq:05d}/{date:%d.%m.%Y}` gives
`94-00-00123/22.11.2026`. Only the names below may appear in a format, without attribute or
item access, so a format typed into a form can never reach into Python objects.
"""

import datetime
import string


DEFAULT_FORMAT = "{index}-{seq:05d}/{date:%d.%m.%Y}"
FIELDS = ("index", "seq", "date", "year")
SAMPLE_DATE = datetime.date(2026, 11, 22)


class FormatError(ValueError):
    """The format cannot make registration numbers; the message says why."""


def check_format(fmt: str) -> str:
    """Return the format if it is usable, else raise FormatError."""
    if not isinstance(fmt, str) or not fmt.strip():
        raise FormatError("The format is empty.")
    names = []
    try:
        parsed = list(string.Formatter().parse(fmt))
    except ValueError as exc:
        raise FormatError(f"The format is not valid: {exc}") from None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in FIELDS:
            raise FormatError(f"Unknown field {{{name}}}; use {', '.join(FIELDS)}.")
        if conversion:
            raise FormatError(f"Conversions such as !{conversion} are not allowed.")
        if spec and "{" in spec:
            raise FormatError("Nested fields are not allowed.")
        names.append(name)
    if "seq" not in names:
        raise FormatError("The format must contain {seq}, the sequence number.")
    try:
        fmt.format(index="94-00", seq=123, date=SAMPLE_DATE, year=SAMPLE_DATE.year)
    except (ValueError, TypeError) as exc:
        raise FormatError(f"The format is not valid: {exc}") from None
    return fmt


def format_number(fmt: str, index: str, seq: int, date: datetime.date) -> str:
    """The registration number of the `seq`-th document of a register, registered on `date`."""
    if not isinstance(seq, int) or seq < 1:
        raise ValueError("The sequence number starts at 1.")
    check_format(fmt)
    return fmt.format(index=index, seq=seq, date=date, year=date.year)


def sequence_year(date: datetime.date, yearly: bool = True) -> int:
    """The numbering period: registers start again at 1 each year (0 = one endless series)."""
    return date.year if yearly else 0
