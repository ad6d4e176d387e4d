"""Every read of personal data by a person becomes one audit record, without the values.

The record rides on the reader's transaction and is written to the SQL audit store when it
commits, so a page view writes nothing to the ZODB and conflicts with nobody. A page that
shows the same object twice (view and serializer, or a template calling twice) records it once.
"""

from Acquisition import aq_base
from plone import api
from plone.autoform.interfaces import READ_PERMISSIONS_KEY
from plone.dexterity.utils import iterSchemata
from plone.supermodel.utils import mergedTaggedValueDict
from plone.uuid.interfaces import IUUID
from ratusha.audit.interfaces import record
from ratusha.core.permissions import ViewPersonalData
from ratusha.privacy.interfaces import EncryptedAttribute
from ratusha.privacy.interfaces import IPersonalDataReads
from ratusha.privacy.interfaces import PERSONAL_DATA_KEY
from zope.globalrequest import getRequest
from zope.interface import moduleProvides


moduleProvides(IPersonalDataReads)  # registered as the utility in configure.zcml

ACTION = "privacy.personal-data-read"
PERMISSION_ID = "ratusha.ViewPersonalData"
SEEN = "ratusha.privacy.read"  # request.environ: what this request has recorded already


def personal_fields(obj) -> list:
    """Names of the fields that hold personal data: marked by the `personal_data` directive or
    readable only with Ratusha: View personal data."""
    names = set()
    for schema in iterSchemata(obj):
        names.update(mergedTaggedValueDict(schema, PERSONAL_DATA_KEY))
        guarded = mergedTaggedValueDict(schema, READ_PERMISSIONS_KEY)
        names.update(name for name, permission in guarded.items() if permission == PERMISSION_ID)
    return sorted(names)


def _has_value(obj, name) -> bool:
    """Whether the field holds a value, without decrypting an encrypted one."""
    stored = getattr(type(aq_base(obj)), name, None)
    if isinstance(stored, EncryptedAttribute):
        return bool(stored.token(obj) or stored.has_clear_value(obj))
    return bool(getattr(obj, name, None))


def _first_time(request, key) -> bool:
    if request is None:
        return True
    seen = request.environ.setdefault(SEEN, set())
    if key in seen:
        return False
    seen.add(key)
    return True


def personal_data_shown(obj, via="page"):
    """The current reader sees `obj` with its personal data (a page or a REST GET): one record
    of the fields shown, once per request; nothing if the reader may not see them."""
    if api.user.is_anonymous() or not api.user.has_permission(ViewPersonalData, obj=obj):
        return None
    fields = [name for name in personal_fields(obj) if _has_value(obj, name)]
    if not fields or not _first_time(getRequest(), IUUID(obj, None) or id(obj)):
        return None
    return personal_data_read(obj, fields=fields, count=1, via=via)


def personal_data_read(obj=None, fields=(), count=1, via="search", path=None):
    """A read of personal data beyond one object's page (a search's or an export's results):
    `count` is how many records were read, `fields` which fields; the values never."""
    details = {"fields": sorted(fields), "count": int(count), "via": via}
    record(ACTION, obj, details=details, path=path)
    return details
