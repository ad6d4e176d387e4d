"""Plone's status messages with their "Info:" / "Error:" prefix in the reader's language.

Plone's template hands the prefix to the icon as its alt text untranslated, so the alt reads
`statusmessage_mtype_info` (and the prefix depends on Chameleon translating a Message).
"""

from plone.app.layout.viewlets.globalstatusmessage import GlobalStatusMessage
from zope.i18n import translate


class StatusMessageViewlet(GlobalStatusMessage):
    def display_info_for_mtype(self, mtype):
        info = dict(super().display_info_for_mtype(mtype))
        info["msg"] = translate(info["msg"], context=self.request)
        return info
