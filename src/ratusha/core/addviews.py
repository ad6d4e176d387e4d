"""`++add++<type>` answers 404 or Unauthorized instead of HTTP 500.

Plone's add form raises ValueError ("Subobject type disallowed") when the type may not be added
here, which the publisher turns into a 500. The add view decides first, once the user is known
(traversal runs before authentication): a type this folder never takes (by its type or its local
constraints) is not found, one it takes but the user may not add is Unauthorized (anonymous
visitors are sent to log in, others see Plone's insufficient-privileges page).
"""

from plone.dexterity.browser.add import DefaultAddView
from zExceptions import NotFound
from zExceptions import Unauthorized


class GuardedAddView(DefaultAddView):
    def __call__(self):
        name = self.ti.getId()
        if name not in {t.getId() for t in self.context.allowedContentTypes()}:
            container = self.context.getTypeInfo()
            if container is not None and not container.allowType(name):
                raise NotFound(f"{name} cannot be added here.")
            if not self.ti.isConstructionAllowed(self.context):
                raise Unauthorized(f"You may not add {name} here.")
            raise NotFound(f"{name} cannot be added here.")
        return super().__call__()
