"""Versioning on Python 3.13.0, whose C pickler made ``persistent_id`` and ``persistent_load``
read-only (CPython gh-125631, fixed in 3.13.1).

CMFEditions assigns both on each pickler it makes to clone content, so there every versioned save
(creating a page, the demo profile) failed. On 3.13.0 only, its archivist gets the standard
library's pure-Python pickler, where both are plain attributes; other Pythons keep the C one.
"""

import sys


AFFECTED = sys.version_info[:3] == (3, 13, 0)


def on_affected_python(scope, original, replacement):
    """collective.monkeypatcher handler: replace only on the Python that needs it."""
    if AFFECTED:
        setattr(scope, original, replacement)
