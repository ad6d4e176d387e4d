"""What the protocol keeps on its session (an annotation): recording, recorder, correction
period and requests, the frozen protocol, publication.

    info(session)          -> the mapping (read-only use: {} when nothing is stored yet)
    info(session, True)    -> the persistent mapping, made on first use
"""

from BTrees.OOBTree import OOBTree
from persistent.mapping import PersistentMapping
from zope.annotation.interfaces import IAnnotations


KEY = "ratusha.council.protocol"


def info(session, create=False):
    annotations = IAnnotations(session)
    data = annotations.get(KEY)
    if data is None:
        if not create:
            return {}
        data = annotations[KEY] = PersistentMapping()
    return data


def corrections(session, create=False):
    """Correction requests by id (an OOBTree: two councillors filing at once do not clash)."""
    data = info(session, create)
    tree = data.get("corrections")
    if tree is None and create:
        tree = data["corrections"] = OOBTree()
    return tree if tree is not None else {}


def frozen(session) -> dict:
    """The approved protocol: file UIDs, checksums, the record as JSON, the decisions."""
    return info(session).get("frozen") or {}
