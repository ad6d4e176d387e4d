"""New content gets its id from its title before it is added, never by a rename afterwards."""

from plone import api
from zope.container.interfaces import INameChooser


def create_named(container, type, title, **fields):
    """`api.content.create` with the id Plone's add form would choose from `title`.

    Without an id, plone.api adds the object under a random id and renames it; the rename
    unindexes a path the catalog never held, logging «uncatalogObject unsuccessfully attempted
    to uncatalog» as an ERROR, and drags along whatever subscribers already added inside.
    """
    new_id = INameChooser(container).chooseName(title, container)
    return api.content.create(container=container, type=type, id=new_id, title=title, **fields)
