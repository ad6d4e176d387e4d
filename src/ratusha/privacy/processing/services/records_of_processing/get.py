"""GET @records-of-processing: the record of processing activities (GDPR Art. 30) for the DPO,
the same as the page and the PDF, in the request's language, dated now in Sofia."""

from ratusha.privacy.processing.record import build
from ratusha.privacy.processing.services.common import OfficerService


class RecordsOfProcessingGet(OfficerService):
    def act(self):
        return build(self.context, self.request)
