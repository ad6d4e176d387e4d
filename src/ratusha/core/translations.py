"""Ratusha's own catalogues of a domain come first, so its wording wins over Plone's.

zope.i18n merges the catalogues of one domain in the order ZCML registered them and answers
from the first that has the msgid. plone.app.locales registers before any add-on, so without
this Ratusha's `plone.po` could only fill the gaps of Plone's catalogue, never correct a wrong
translation (its bg «Резултати от търсене на ${item}» drops the search term).
"""

import os
from zope.component import getUtilitiesFor
from zope.configuration.fields import Path
from zope.i18n.interfaces import ITranslationDomain
from zope.i18n.zcml import registerTranslations
from zope.interface import Interface


class IRegisterTranslationsFirst(Interface):
    directory = Path(
        title="Directory", description="Holds <language>/LC_MESSAGES/*.po", required=True
    )


def put_first(directory):
    """Move the catalogues read from `directory` before the others of each domain."""
    prefix = os.path.normpath(directory) + os.sep
    for _name, domain in getUtilitiesFor(ITranslationDomain):
        for names in getattr(domain, "_catalogs", {}).values():
            names.sort(key=lambda name: not str(name).startswith(prefix))


def register_translations_first(_context, directory):
    """`i18n:registerTranslations`, then our catalogues to the front (after Plone's are in)."""
    registerTranslations(_context, directory)
    _context.action(discriminator=None, callable=put_first, args=(directory,))
