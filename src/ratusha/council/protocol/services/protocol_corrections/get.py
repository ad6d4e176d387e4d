"""GET @protocol-corrections on a session: the correction requests of the protocol (the
council)."""

from plone.restapi.services import Service
from ratusha.council.protocol import corrections


def corrections_reply(session, **extra) -> dict:
    return dict(
        {
            "@id": f"{session.absolute_url()}/@protocol-corrections",
            "period": corrections.period(session),
            "items": corrections.listing(session),
        },
        **extra,
    )


class CorrectionsGet(Service):
    def reply(self):
        return corrections_reply(self.context)
