"""POST @registry-register: register a document and answer with its number.

On the site: `{"register": "incoming", "title": "…", "kind": "complaint", "sender_name": …}`
creates an incoming document in that register and registers it at once (the counter), or
`{"document": "<UID>"}` registers an existing one (e.g. a signed outgoing letter).
On a document: registers that document. Needs "Ratusha: Register document".
Errors: 400 missing subject, 404 unknown register or document, 403 not a registrar,
409 already registered.
"""

from plone.restapi.services import Service
from ratusha.core.rest import run
from ratusha.registry import actions
from ratusha.registry.interfaces import IRegistryDocument
from ratusha.registry.services.common import find_document
from ratusha.registry.services.common import summary


class RegisterPost(Service):
    def reply(self):
        return run(self, self.act)

    def act(self, data):
        if IRegistryDocument.providedBy(self.context):
            doc = self.context
        elif data.get("document"):
            doc = find_document(data["document"])
        else:
            register = actions.find_register(data.get("register"))
            doc = actions.create_incoming(register, data)
        actions.register_document(doc)
        self.request.response.setStatus(201)
        return dict(
            summary(doc),
            registered=doc.registration_date.isoformat(),
            register=doc.register().getId(),
        )
