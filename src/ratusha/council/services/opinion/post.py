"""POST @opinion {"verdict", "text"} on a committee opinion: give it (its committee's chair
or secretary, or staff)."""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from ratusha import _
from ratusha.core.rest import error
from ratusha.core.rest import InputError
from ratusha.core.rest import read_json
from ratusha.council import opinions
from ratusha.council import rules
from zope.interface import alsoProvides


class OpinionPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        if not api.user.has_permission("Modify portal content", obj=self.context):
            return error(
                self.request,
                _(
                    "error_opinion_forbidden",
                    default="Only the committee's chair or secretary gives its opinion.",
                ),
                403,
            )
        try:
            body = read_json(self.request)
            verdict, text = body.get("verdict"), body.get("text") or ""
            if verdict not in rules.VERDICTS or not isinstance(text, str):
                raise InputError(
                    _(
                        "error_opinion_body",
                        default='Send {"verdict": "for", "against" or '
                        '"for_with_amendments", "text": "…"}.',
                    )
                )
        except InputError as exc:
            return error(self.request, exc.message, exc.status)
        opinions.give(self.context, verdict, text)
        return opinions.describe(self.context)
