"""Contracts of the audit trail."""

from zope.interface import Interface


class IPersonalData(Interface):
    """Marker: this content holds citizens' personal data; every read of it is recorded.

    Given by the `ratusha.personal_data` behavior; documents of citizens carry it by default.
    """
