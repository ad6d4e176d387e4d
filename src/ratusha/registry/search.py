"""Search by ЕГН/ЛНЧ: the catalog keeps only a keyed hash of the number (docs/keys.md), so a
query's clear number becomes its search keys here, for those who may read personal data.

The register page's filter and REST `@search?registry_personal_number=...` both come here; a
person without the permission is refused (403) rather than told whether such a sender exists.
"""

from plone.restapi.search.query import ZCatalogCompatibleQueryAdapter
from Products.CMFCore.utils import _checkPermission
from ratusha import _
from ratusha.core.permissions import ViewPersonalData
from ratusha.core.rest import InputError
from ratusha.privacy.interfaces import personal_number_keys
from zExceptions import BadRequest
from zExceptions import Forbidden
from zope.i18n import translate


INDEX = "registry_personal_number"


def personal_number_query(value, context) -> list:
    """The search keys of a clear ЕГН/ЛНЧ typed by someone allowed to read personal data."""
    if not _checkPermission(ViewPersonalData, context):
        raise InputError(
            _(
                "error_personal_number_search_refused",
                default="Only those who may read personal data can search by ЕГН/ЛНЧ.",
            ),
            status=403,
        )
    try:
        return personal_number_keys(value if isinstance(value, str) else "")
    except ValueError:
        raise InputError(_("error_personal_number", default="An ЕГН/ЛНЧ has ten digits.")) from None


class RegistryQuery(ZCatalogCompatibleQueryAdapter):
    """plone.restapi's query parsing, with the clear ЕГН of a REST search turned into keys."""

    def __call__(self, query):
        if INDEX in query:
            try:
                query[INDEX] = personal_number_query(query[INDEX], self.context)
            except InputError as exc:
                message = translate(exc.message, context=self.request)
                raise (Forbidden if exc.status == 403 else BadRequest)(message) from None
        return super().__call__(query)
