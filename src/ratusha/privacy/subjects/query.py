"""What the DPO searches for, read from a form or a JSON body; InputError with a message when
it cannot identify anyone."""

from dataclasses import dataclass
from ratusha import _
from ratusha.core.rest import InputError
from ratusha.privacy.interfaces import personal_number_key
import re


EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
MIN_NAME = 5  # a first name alone finds half the town
MAX_TERM = 200


@dataclass(frozen=True)
class Query:
    name: str = ""
    email: str = ""
    personal_number: str = ""
    personal_number_key: str = ""

    def by(self) -> list[str]:
        """What was searched by, for the audit record (never the values)."""
        return [key for key in ("name", "email", "personal_number") if getattr(self, key)]


def _term(data, key) -> str:
    value = data.get(key) or ""
    if not isinstance(value, str):
        raise InputError(
            _(
                "error_field_type",
                default="«${field}» has a value of the wrong type.",
                mapping={"field": key},
            )
        )
    value = " ".join(value.split())
    if len(value) > MAX_TERM:
        raise InputError(
            _(
                "error_subjects_term_long",
                default="«${field}» is too long (at most ${size} characters).",
                mapping={"field": key, "size": MAX_TERM},
            )
        )
    return value


def parse(data) -> Query:
    name, email, number = (_term(data, key) for key in ("name", "email", "personal_number"))
    if not (name or email or number):
        raise InputError(
            _(
                "error_subjects_no_term",
                default="Give the person's full name, e-mail or personal number (ЕГН/ЛНЧ).",
            )
        )
    if name and (len(name) < MIN_NAME or " " not in name):
        raise InputError(
            _(
                "error_subjects_short_name",
                default="Give the person's first and last name.",
            )
        )
    if email and not EMAIL.match(email):
        raise InputError(_("error_subjects_email", default="This is not an e-mail address."))
    key = ""
    if number:
        try:
            key = personal_number_key(number)
        except ValueError:
            raise InputError(
                _("error_subjects_number", default="A personal number (ЕГН/ЛНЧ) has ten digits.")
            )
    return Query(name, email.lower(), number, key)
