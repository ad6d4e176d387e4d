"""PATCH @records-of-processing `{"activity": "audit", "texts": {"retention": "…"}}`: the DPO's
texts of one activity in the request's language, as on the page (an empty text brings the
default back); answers with the whole record. Bad input is a 400 with a message."""

from ratusha import _
from ratusha.core.rest import InputError
from ratusha.core.rest import run
from ratusha.privacy.processing.record import build
from ratusha.privacy.processing.record import write_texts
from ratusha.privacy.processing.services.common import OfficerService


class RecordsOfProcessingPatch(OfficerService):
    def act(self):
        return run(self, self.write)

    def write(self, data):
        activity, texts = data.get("activity"), data.get("texts")
        if (
            set(data) - {"activity", "texts"}
            or not isinstance(activity, str)
            or not isinstance(texts, dict)
            or not all(isinstance(text, str) for text in texts.values())
        ):
            raise InputError(
                _(
                    "error_ropa_body",
                    default='Send {"activity": "<id>", "texts": {"<part>": "<text>"}}.',
                )
            )
        write_texts(activity, texts, self.request)
        return build(self.context, self.request)
