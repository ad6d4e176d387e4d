"""Translatable texts for the pure rules (quorum, majority, ballots, open data): no Zope needed.

Not `ratusha._`: these rules return and store plain (msgid, English default) pairs, so they run
and are tested without Zope, and what a poll's outcome keeps in the ZODB is two strings, not
a Message object; a view translates the pair in its own context.
"""


def _(msgid, default):
    """Mark a translatable text: i18ndude extracts `_("id", default="…")` calls into the
    catalogue; callers get (msgid, English default) to translate in their context."""
    return msgid, default
