"""Legal basis of an agenda item as structured data (law, article, paragraph, point).

The majority a decision needs follows from its legal basis (ЗМСМА чл. 27), so the basis is
kept as fields, never as free text. Plain Python: the rules are table-tested without Zope.
"""

from dataclasses import dataclass
import re


LAWS = {
    "ЗМСМА": "Закон за местното самоуправление и местната администрация",
    "ЗОС": "Закон за общинската собственост",
    "ЗПФ": "Закон за публичните финанси",
    "ЗУТ": "Закон за устройство на територията",
    "ЗМДТ": "Закон за местните данъци и такси",
    "ЗОП": "Закон за обществените поръчки",
    "ЗНА": "Закон за нормативните актове",
}

_PATTERN = re.compile(
    r"^\s*(?P<law>[^\s,]+)\s*,?\s*чл\.\s*(?P<article>\d+[а-я]?)"
    r"(?:\s*,?\s*ал\.\s*(?P<paragraph>\d+))?"
    r"(?:\s*,?\s*т\.\s*(?P<point>\d+[а-я]?))?\s*$",
    re.IGNORECASE,
)


class LegalBasisError(ValueError):
    """The text is not a legal basis of the form «ЗМСМА чл. 21 ал. 1 т. 6»."""


@dataclass(frozen=True, order=True)
class LegalBasis:
    law: str
    article: str
    paragraph: str = ""
    point: str = ""

    def __post_init__(self):
        for name in ("law", "article", "paragraph", "point"):
            object.__setattr__(self, name, str(getattr(self, name) or "").strip())
        if not self.law or not self.article:
            raise LegalBasisError("A legal basis needs at least a law and an article")
        if self.point and not self.paragraph:
            raise LegalBasisError("A point (т.) needs its paragraph (ал.)")

    def format(self):
        text = f"{self.law} чл. {self.article}"
        if self.paragraph:
            text += f" ал. {self.paragraph}"
        if self.point:
            text += f" т. {self.point}"
        return text

    __str__ = format

    def to_dict(self):
        return {
            "law": self.law,
            "article": self.article,
            "paragraph": self.paragraph,
            "point": self.point,
        }

    @classmethod
    def from_dict(cls, data):
        return cls(
            data.get("law", ""),
            data.get("article", ""),
            data.get("paragraph", ""),
            data.get("point", ""),
        )

    def covers(self, other):
        """True if `other` falls under this basis (чл. 21 covers чл. 21 ал. 1 т. 6)."""
        mine = (self.law.upper(), self.article, self.paragraph, self.point)
        theirs = (other.law.upper(), other.article, other.paragraph, other.point)
        return all(not m or m == t for m, t in zip(mine, theirs))

    def specificity(self):
        """How many parts are given: a more specific rule wins over a general one."""
        return sum(1 for part in (self.paragraph, self.point) if part)


def parse(text):
    """«ЗМСМА чл. 21, ал. 1, т. 6» → LegalBasis; LegalBasisError for anything else."""
    match = _PATTERN.match(text or "")
    if not match:
        raise LegalBasisError(f"Not a legal basis: {text!r}")
    parts = match.groupdict()
    return LegalBasis(
        parts["law"].upper(),
        parts["article"].lower(),
        parts["paragraph"] or "",
        (parts["point"] or "").lower(),
    )
